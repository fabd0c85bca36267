using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Tests.Lsm.Sst;

/// <summary>
/// <see cref="ReadaheadReader"/>: requests inside the window cost no read, a window that a scan continues doubles up to
/// its limit, a jump forward starts small again and one backward reads only the request, and a borrowed file outlives
/// the reader.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReadaheadReaderTests
{
    private static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void ForwardBlocks_GrowTheWindowUpToItsLimit_AndReturnTheFileBytes()
    {
        byte[] bytes = Bytes(1 << 20);
        CountingReadableFile file = new(bytes, "t.sst");
        using ReadaheadReader reader = new(file, windowBytes: 64 << 10, firstWindowBytes: 4 << 10);

        // 1000-byte "blocks" front to back: every request is served, and the windows go 4, 8, 16, 32, 64, 64... KiB.
        for (int offset = 0; offset + 1000 <= bytes.Length; offset += 1000)
        {
            Assert.True(reader.Read(offset, 1000).SequenceEqual(bytes.AsSpan(offset, 1000)), $"block at {offset}");
        }

        int[] windows = file.ReadLog.Select(r => r.Length).ToArray();
        Assert.Equal([4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10, 64 << 10], windows[..6]);
        Assert.All(windows[4..^1], w => Assert.Equal(64 << 10, w));
        Assert.InRange(file.Reads, (bytes.Length / (64 << 10)) + 1, (bytes.Length / (64 << 10)) + 6);
    }

    [Fact]
    public void AJumpForward_StartsTheWindowSmallAgain_ABackwardOneReadsJustTheRequest()
    {
        byte[] bytes = Bytes(1 << 20);
        CountingReadableFile file = new(bytes, "t.sst");
        using ReadaheadReader reader = new(file, windowBytes: 64 << 10, firstWindowBytes: 4 << 10);
        for (int offset = 0; offset < 40 << 10; offset += 1000)
        {
            reader.Read(offset, 1000);
        }

        Assert.True(file.ReadLog[^1].Length > 4 << 10);

        Assert.True(reader.Read(900_000, 100).SequenceEqual(bytes.AsSpan(900_000, 100)));
        Assert.Equal((900_000L, 4 << 10), file.ReadLog[^1]);

        // A jump backward reads just what was asked.
        Assert.True(reader.Read(10, 100).SequenceEqual(bytes.AsSpan(10, 100)));
        Assert.Equal((10L, 100), file.ReadLog[^1]);
    }

    [Fact]
    public void ARequestLargerThanTheWindow_IsReadWhole()
    {
        byte[] bytes = Bytes(200 << 10);
        CountingReadableFile file = new(bytes, "t.sst");
        using ReadaheadReader reader = new(file, windowBytes: 16 << 10, firstWindowBytes: 4 << 10);

        Assert.True(reader.Read(100, 50 << 10).SequenceEqual(bytes.AsSpan(100, 50 << 10)));
        Assert.True(reader.Read(60 << 10, 10).SequenceEqual(bytes.AsSpan(60 << 10, 10)));
    }

    [Fact]
    public void ARequestPastTheEnd_IsCorruptionNamingTheFile()
    {
        CountingReadableFile file = new(Bytes(5000), "t.sst");
        using ReadaheadReader reader = new(file, windowBytes: 16 << 10, firstWindowBytes: 4 << 10);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => reader.Read(4900, 200).ToArray());

        Assert.Equal("t.sst", ex.FilePath);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dispose_ClosesTheFileOnlyWhenOwned(bool owned)
    {
        CountingReadableFile file = new(Bytes(5000), "t.sst");
        ReadaheadReader reader = new(file, ownsFile: owned);
        reader.Read(0, 100);

        reader.Dispose();

        Assert.Equal(owned, file.Disposed);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(16, 17)]
    [InlineData(16, -1)]
    public void BadWindows_AreArgumentErrors(int window, int first)
    {
        CountingReadableFile file = new(Bytes(10), "t.sst");

        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadaheadReader(file, window, first));
    }
}
