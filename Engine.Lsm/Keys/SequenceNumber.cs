namespace Engine.Lsm.Keys;

/// <summary>Sequence numbers and trailers: the MVCC version stamp of every entry.</summary>
/// <remarks>
/// A sequence number is a 56-bit counter assigned at commit, one per operation of a batch. The trailer packs
/// it with the entry's kind as <c>(seq &lt;&lt; 8) | kind</c>. A read at snapshot <c>S</c> sees the entries whose
/// sequence number is at most <c>S</c>. Stateless; thread-safe.
/// </remarks>
internal static class SequenceNumber
{
    /// <summary>The largest sequence number that fits in a trailer.</summary>
    public const ulong Max = (1UL << 56) - 1;

    /// <summary>Packs a sequence number and kind into a trailer.</summary>
    public static ulong MakeTrailer(ulong sequence, KeyKind kind) => (sequence << 8) | (byte)kind;

    /// <summary>The sequence number of a trailer.</summary>
    public static ulong SequenceOf(ulong trailer) => trailer >> 8;

    /// <summary>The kind of a trailer.</summary>
    public static KeyKind KindOf(ulong trailer) => (KeyKind)(byte)trailer;
}
