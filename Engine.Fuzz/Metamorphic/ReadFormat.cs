namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// How a read's output is written into a transcript, shared by the store and the model so that equal reads give
/// equal text: <c>KEY=VALUE</c> for a position, <c>absent</c> for a missing key, <c>invalid</c> for an iterator off
/// the end, and a <see cref="ScanSummary"/> for whole scans.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class ReadFormat
{
    /// <summary>What an iterator movement reads when the iterator is not positioned: it does not move.</summary>
    public const string NotPositioned = "invalid (not positioned; no move)";

    public const string Invalid = "invalid";

    public const string Absent = "absent";

    public const string VerifyHealthy = "healthy";

    public static string Position(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        KeyText.FromBytes(key) + "=" + ValueToken.Describe(value);

    public static string Get(byte[]? value) => value is null ? Absent : ValueToken.Describe(value);
}
