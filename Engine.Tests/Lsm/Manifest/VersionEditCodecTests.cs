using Engine.Core.Buffers;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Tests.Infrastructure;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Manifest;

[Trait("Category", "Unit")]
public sealed class VersionEditCodecTests
{
    [Fact]
    public void EncodeDecode_RoundTripsEveryField()
    {
        VersionEdit edit = new() { FormatVersion = 1, LogNumber = 12, NextFileNumber = 40, LastSequence = 1_000_000 };
        edit.DeletedFiles.Add((0, 7));
        edit.DeletedFiles.Add((3, 9));
        edit.NewFiles.Add((1, File(21, "apple", 5, "pear", 9)));

        VersionEdit decoded = RoundTrip(edit);

        Assert.Equal(1, decoded.FormatVersion);
        Assert.Equal(12UL, decoded.LogNumber);
        Assert.Equal(40UL, decoded.NextFileNumber);
        Assert.Equal(1_000_000UL, decoded.LastSequence);
        Assert.Equal([(0, 7UL), (3, 9UL)], decoded.DeletedFiles);
        (int level, FileMetadata file) = Assert.Single(decoded.NewFiles);
        Assert.Equal(1, level);
        Assert.Equal(21UL, file.Number);
        Assert.Equal(4096, file.Size);
        Assert.Equal(edit.NewFiles[0].File.Smallest, file.Smallest);
        Assert.Equal(edit.NewFiles[0].File.Largest, file.Largest);
        Assert.Equal(5UL, file.SmallestSequence);
        Assert.Equal(9UL, file.LargestSequence);
    }

    [Fact]
    public void Decode_EmptyRecord_IsEmptyEdit()
    {
        VersionEdit decoded = VersionEditCodec.Decode([], "MANIFEST-000001", 0);

        Assert.Null(decoded.LogNumber);
        Assert.Empty(decoded.NewFiles);
    }

    [Fact]
    public void Decode_EveryTruncation_IsCorruptionOrAPrefixOfFields()
    {
        VersionEdit edit = new() { LogNumber = 300, NextFileNumber = 70000 };
        edit.NewFiles.Add((2, File(5, "a", 1, "b", 2)));
        byte[] encoded = Encode(edit);

        for (int length = 0; length < encoded.Length; length++)
        {
            try
            {
                VersionEdit partial = VersionEditCodec.Decode(encoded.AsSpan(0, length), "MANIFEST-000001", 100);
                Assert.Empty(partial.NewFiles);
            }
            catch (CorruptionException ex)
            {
                Assert.Equal("MANIFEST-000001", ex.FilePath);
                Assert.Equal(100, ex.Offset);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 99, 1 })]
    [InlineData(new byte[] { 4, 7, 1 })]
    [InlineData(new byte[] { 5, 1, 1, 1, 3, 0, 0, 0 })]
    public void Decode_Malformed_ThrowsCorruption(byte[] record)
    {
        Assert.Throws<CorruptionException>(() => VersionEditCodec.Decode(record, "MANIFEST-000002", 0));
    }

    internal static FileMetadata File(ulong number, string smallest, ulong smallestSeq, string largest, ulong largestSeq) =>
        new(number, 4096,
            ArrayInternalIterator.MakeKey(System.Text.Encoding.ASCII.GetBytes(smallest), smallestSeq, KeyKind.Set),
            ArrayInternalIterator.MakeKey(System.Text.Encoding.ASCII.GetBytes(largest), largestSeq, KeyKind.Set),
            smallestSeq, largestSeq);

    private static byte[] Encode(VersionEdit edit)
    {
        using PooledBufferWriter writer = new();
        VersionEditCodec.Encode(edit, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static VersionEdit RoundTrip(VersionEdit edit) => VersionEditCodec.Decode(Encode(edit), "MANIFEST-000001", 0);
}
