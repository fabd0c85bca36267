using CsCheck;

namespace Engine.Tests.Core.Encoding;

/// <summary>
/// CsCheck generators of model tuples (see <see cref="TupleModel"/>). Values are drawn from small,
/// edge-heavy domains (0x00 and 0xFF bytes, U+0000, integer boundaries) so that random pairs often share
/// prefixes and differ only where the encoding is delicate.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal static class TupleGenerators
{
    private static readonly long[] s_edgeInt64 =
    [
        0, 1, -1, 127, 128, 255, 256, -255, -256, -257, 65535, 65536, -65536,
        int.MaxValue, int.MinValue, (long)int.MaxValue + 1, (long)int.MinValue - 1, long.MaxValue, long.MinValue, long.MinValue + 1,
    ];

    private static readonly ulong[] s_edgeUInt64 = [0, 1, 255, 256, (ulong)long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue - 1, ulong.MaxValue];

    private static readonly string[] s_stringPieces = ["\0", "a", "b", "\u007F", "\u0080", "\u00E9", "\u4E2D", "\uFFFF", "\U0001F600", "\0\0"];

    public static Gen<byte> Byte { get; } =
        Gen.Frequency<byte>((3, Gen.OneOf<byte>(0x00, 0xFF, 0x01, 0xFE)), (2, Gen.Byte));

    public static Gen<byte[]> Bytes { get; } = Byte.Array[0, 8];

    public static Gen<string> String { get; } =
        Gen.OneOf(s_stringPieces).Array[0, 5].Select(string.Concat);

    public static Gen<long> Int64 { get; } =
        Gen.Frequency<long>(
            (2, Gen.OneOf(s_edgeInt64)),
            (2, Gen.Select(VarintTests.SpreadUInt64, Gen.Bool, (v, negate) => negate ? -(long)(v >> 1) - 1 : (long)(v >> 1))));

    public static Gen<ulong> UInt64 { get; } = Gen.Frequency<ulong>((1, Gen.OneOf(s_edgeUInt64)), (1, VarintTests.SpreadUInt64));

    public static Gen<object?[]> Tuple { get; } = TupleOfDepth(2);

    /// <summary>Pairs that share a random prefix, so comparisons reach past the first element.</summary>
    public static Gen<(object?[] A, object?[] B)> PairWithSharedPrefix { get; } =
        Gen.Select(Tuple, Gen.Select(Tuple, Tuple)).Select(t => ((object?[])[.. t.Item1, .. t.Item2.Item1], (object?[])[.. t.Item1, .. t.Item2.Item2]));

    public static Gen<object?> Element(int depth)
    {
        List<(int, IGen<object?>)> choices =
        [
            (1, Gen.Const((object?)null)),
            (3, Bytes.Select(b => (object?)b)),
            (3, String.Select(s => (object?)s)),
            (3, Int64.Select(l => (object?)l)),
            (2, UInt64.Select(u => (object?)u)),
            (1, Gen.Bool.Select(b => (object?)b)),
        ];
        if (depth > 0)
        {
            choices.Add((2, TupleOfDepth(depth - 1).Select(t => (object?)t)));
        }

        return Gen.Frequency([.. choices]);
    }

    private static Gen<object?[]> TupleOfDepth(int depth) =>
        Element(depth).Array[0, 4];
}
