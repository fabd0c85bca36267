using Engine.Core.Compression;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Core.Compression;

/// <summary>
/// Blocks assembled by hand from the format description, and compressor outputs derived by hand. Blocks meant to
/// decode keep the reference end-of-block rules (the last match ends at least 5 bytes and starts at least 12 bytes
/// before the end of the output, which is literals), because the reference decoder rejects blocks that break them.
/// </summary>
[Trait("Category", "Unit")]
public sealed class Lz4BlockVectorTests
{
    [Fact]
    public void Decompress_LiteralsOnlyToken_ReturnsTheLiterals()
    {
        // token 0x40: 4 literals, no match; the block ends after them.
        AssertDecodes([0x40, (byte)'a', (byte)'b', (byte)'c', (byte)'d'], "abcd"u8);
    }

    [Fact]
    public void Decompress_LiteralsThenOverlappingMatch_RepeatsThePattern()
    {
        // 0x41: 4 literals "abcd", then offset 4 (04 00) and match length 1 + 4 = 5, which reads the bytes it
        // writes: "abcd" + "abcda". Then 0xC0: 12 literals "efghijklmnop".
        byte[] block = [0x41, .. "abcd"u8, 0x04, 0x00, 0xC0, .. "efghijklmnop"u8];
        AssertDecodes(block, "abcdabcdaefghijklmnop"u8);
    }

    [Fact]
    public void Decompress_OffsetOneWithExtendedMatchLength_IsARunOfOneByte()
    {
        // 0x1F: 1 literal 'x', offset 1, match nibble 15 extended by 10: 4 + 15 + 10 = 29 copies of 'x'.
        // Then 0xC0: 12 literals 'y'.
        byte[] block = [0x1F, (byte)'x', 0x01, 0x00, 10, 0xC0, .. Enumerable.Repeat((byte)'y', 12)];
        AssertDecodes(block, [.. Enumerable.Repeat((byte)'x', 30), .. Enumerable.Repeat((byte)'y', 12)]);
    }

    [Fact]
    public void Decompress_LiteralLengthOf15_NeedsAZeroExtensionByte()
    {
        // A nibble of 15 always reads one more byte, even when the length is exactly 15.
        byte[] literals = [.. Enumerable.Range(0, 15).Select(i => (byte)('A' + i))];
        AssertDecodes([0xF0, 0x00, .. literals], literals);
        AssertCorrupt([0xF0, .. literals]);
    }

    [Fact]
    public void Decompress_LiteralLengthWith255Continuation_AddsEveryByte()
    {
        // 15 + 255 + 3 = 273 literals: F0 FF 03.
        byte[] literals = [.. Enumerable.Range(0, 273).Select(i => (byte)i)];
        AssertDecodes([0xF0, 0xFF, 0x03, .. literals], literals);
    }

    [Fact]
    public void Decompress_MatchLengthWith255Continuation_AddsEveryByte()
    {
        // "ab", offset 2, match 4 + 15 + 255 + 0 = 274 bytes of "abab...", then 0xC0: 12 literals.
        byte[] block = [0x2F, (byte)'a', (byte)'b', 0x02, 0x00, 0xFF, 0x00, 0xC0, .. "0123456789AB"u8];
        byte[] expected = [.. Enumerable.Range(0, 276).Select(i => (byte)(i % 2 == 0 ? 'a' : 'b')), .. "0123456789AB"u8];
        AssertDecodes(block, expected);
    }

    [Fact]
    public void Decompress_TwoMatchesThenLiterals_Decodes()
    {
        // "hello " + match(offset 6, 4) -> "hello hell"; a token with no literals, offset 5, 4 bytes -> " hel";
        // then a last token with 12 literals.
        byte[] block = [0x60, .. "hello "u8, 0x06, 0x00, 0x00, 0x05, 0x00, 0xC0, .. "lo, world!!!"u8];
        AssertDecodes(block, "hello hell hello, world!!!"u8);
    }

    [Fact]
    public void Compress_TwentyEqualBytes_IsOneLiteralOneRunAndFiveLiterals()
    {
        // At position 1 "aaaa" matches position 0 (offset 1). The match may reach up to 5 bytes before the end
        // (position 15): length 14, code 10 -> token 0x1A. Then the last 5 bytes as literals: token 0x50.
        byte[] input = [.. Enumerable.Repeat((byte)'a', 20)];
        byte[] expected = [0x1A, (byte)'a', 0x01, 0x00, 0x50, .. "aaaaa"u8];
        Assert.Equal(expected, Lz4BlockTests.Compressed(input));
    }

    [Fact]
    public void Compress_ThirteenEqualBytes_IsTheShortestInputWithAMatch()
    {
        // The only match start allowed is position 1 (13 - 12); the match ends at 8 (13 - 5): length 7, code 3.
        byte[] input = [.. Enumerable.Repeat((byte)'a', 13)];
        byte[] expected = [0x13, (byte)'a', 0x01, 0x00, 0x50, .. "aaaaa"u8];
        Assert.Equal(expected, Lz4BlockTests.Compressed(input));
    }

    [Fact]
    public void Compress_RepeatedWord_IsLiteralsThenOneMatch()
    {
        // "abcdefgh_" three times then "XYZ12" (32 bytes): 9 literals, then a match at offset 9 that stops at
        // position 27 (32 - 5): 18 bytes, code 14 -> token 0x9E; then 5 literals.
        byte[] input = "abcdefgh_abcdefgh_abcdefgh_XYZ12"u8.ToArray();
        byte[] expected = [0x9E, .. "abcdefgh_"u8, 0x09, 0x00, 0x50, .. "XYZ12"u8];
        Assert.Equal(expected, Lz4BlockTests.Compressed(input));
    }

    [Fact]
    public void Decompress_Empty_IsCorruption()
    {
        AssertCorrupt([]);
    }

    [Fact]
    public void Decompress_ZeroOffset_IsCorruption()
    {
        AssertCorrupt([0x40, .. "abcd"u8, 0x00, 0x00, 0x00]);
    }

    [Fact]
    public void Decompress_OffsetBeyondOutput_IsCorruption()
    {
        AssertCorrupt([0x40, .. "abcd"u8, 0x05, 0x00, 0x00]);
        AssertCorrupt([0x00, 0x01, 0x00, 0x00]);
    }

    [Fact]
    public void Decompress_BlockEndingAfterAMatch_IsCorruption()
    {
        AssertCorrupt([0x40, .. "abcd"u8, 0x04, 0x00]);
    }

    [Fact]
    public void Decompress_BlockEndingInAMatchOrEmptyLiterals_IsCorruptionAsInTheReferenceDecoder()
    {
        // A match that ends within the last 5 bytes of the output, and a final token with no literals after a match.
        AssertRejected([0x4F, .. "abcd"u8, 0x04, 0x00, 0x00, 0x00], 4 + 19);
        AssertRejected([0x60, .. "hello "u8, 0x06, 0x00, 0x00], 10);
    }

    [Fact]
    public void Decompress_TruncatedOffsetOrLength_IsCorruption()
    {
        AssertCorrupt([0x40, .. "abcd"u8, 0x04]);
        AssertCorrupt([0x4F, .. "abcd"u8, 0x04, 0x00]);
        AssertCorrupt([0xF0, 0xFF]);
        AssertCorrupt([0x50, .. "abcd"u8]);
    }

    [Fact]
    public void Decompress_LongRunOf255LengthBytes_FailsWithoutOverflowing()
    {
        // Without a bound, 10 million 255s would sum past int.MaxValue.
        byte[] literalRun = new byte[10_000_001];
        literalRun.AsSpan().Fill(0xFF);
        literalRun[0] = 0xF0;
        AssertCorrupt(literalRun);

        byte[] matchRun = new byte[10_000_000];
        matchRun.AsSpan().Fill(0xFF);
        matchRun[0] = 0x1F;
        matchRun[1] = (byte)'x';
        matchRun[2] = 0x01;
        matchRun[3] = 0x00;
        Assert.Throws<CorruptionException>(() => Lz4Block.Decompress(matchRun, new byte[1 << 20]));
    }

    private static void AssertDecodes(byte[] block, ReadOnlySpan<byte> expected)
    {
        byte[] destination = new byte[expected.Length];
        Assert.Equal(expected.Length, Lz4Block.Decompress(block, destination));
        Assert.Equal(expected.ToArray(), destination);
        Assert.Equal(expected.ToArray(), Lz4ReferenceModel.Decode(block, expected.Length));

        // One byte less room is corruption: the block claims more output than the caller expects.
        if (expected.Length > 0)
        {
            Assert.False(Lz4Block.TryDecompress(block, new byte[expected.Length - 1], out _));
        }
    }

    private static void AssertCorrupt(byte[] block)
    {
        AssertRejected(block, 1024);
        Assert.Null(Lz4ReferenceModel.Decode(block, 1024));
    }

    private static void AssertRejected(byte[] block, int capacity)
    {
        byte[] destination = new byte[capacity];
        CorruptionException ex = Assert.Throws<CorruptionException>(() => Lz4Block.Decompress(block, destination));
        Assert.Equal(Lz4Block.CorruptionPath, ex.FilePath);
        Assert.False(Lz4Block.TryDecompress(block, destination, out int written));
        Assert.Equal(0, written);
    }
}
