namespace Engine.Fuzz.Metamorphic;

/// <summary>Orders byte strings as the store does: unsigned bytewise, a prefix before its extensions.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal sealed class BytewiseComparer : IComparer<byte[]>
{
    public static readonly BytewiseComparer Instance = new();

    private BytewiseComparer()
    {
    }

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
