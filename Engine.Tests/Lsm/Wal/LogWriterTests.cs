using Engine.Lsm.Wal;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Wal;

[Trait("Category", "Unit")]
public sealed class LogWriterTests
{
    private const int Block = LogFormat.BlockSize;
    private const int Header = LogFormat.HeaderSize;

    [Fact]
    public void AddRecord_RecordsOfManySizes_RoundTrip()
    {
        int[] sizes = [0, 1, 100, Block - Header, Block, 0, 100 * 1024, Block - (2 * Header), 3, 3 * Block + 7, 1, 0];
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);
        List<long> offsets = [];
        for (int i = 0; i < sizes.Length; i++)
        {
            offsets.Add(writer.AddRecord(LogTestData.Payload(i, sizes[i])));
        }

        writer.Flush();

        LogReadResult result = LogTestData.ReadAll(file.ToArray());
        Assert.Equal(sizes.Length, result.Records.Count);
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(offsets[i], result.Records[i].Offset);
            Assert.Equal(LogTestData.Payload(i, sizes[i]), result.Records[i].Data);
        }

        Assert.Null(result.TornTailOffset);
        Assert.Equal(file.Length, result.LastValidOffset);
    }

    [Fact]
    public void AddRecord_FewerThanHeaderBytesLeftInBlock_PadsTailWithZerosAndStartsNextBlock()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(1, Block - Header - 10));

        long second = writer.AddRecord(LogTestData.Payload(2, 5));
        writer.Flush();

        Assert.Equal(Block, second);
        Assert.True(file.Bytes[(Block - 10)..Block].IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(2, LogTestData.ReadAll(file.ToArray()).Records.Count);
    }

    [Fact]
    public void AddRecord_ExactlyHeaderBytesLeft_EmitsEmptyFirstChunkThere()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(1, Block - (2 * Header)));

        long second = writer.AddRecord(LogTestData.Payload(2, 5));
        writer.Flush();

        List<ParsedChunk> chunks = LogTestData.ParseChunks(file.Bytes);
        Assert.Equal(Block - Header, second);
        Assert.Equal(new ParsedChunk(Block - Header, ChunkType.First, 0, 0), chunks[1]);
        Assert.Equal(new ParsedChunk(Block, ChunkType.Last, 5, 0), chunks[2]);
        LogReadResult result = LogTestData.ReadAll(file.ToArray());
        Assert.Equal(LogTestData.Payload(2, 5), result.Records[1].Data);
        Assert.Equal(second, result.Records[1].Offset);
    }

    [Fact]
    public void AddRecord_RecordOfManyBlocks_SplitsIntoFirstMiddleLast()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);

        writer.AddRecord(LogTestData.Payload(1, 100 * 1024));
        writer.Flush();

        List<ParsedChunk> chunks = LogTestData.ParseChunks(file.Bytes);
        Assert.Equal([ChunkType.First, ChunkType.Middle, ChunkType.Middle, ChunkType.Last], chunks.Select(c => c.Type));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(LogFormat.MaxChunkPayload, c.Length));
        Assert.All(chunks, c => Assert.Equal(0, c.Offset % Block));
    }

    [Fact]
    public void AddRecord_SmallRecords_StayBufferedUntilFlush()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);

        for (int i = 0; i < 100; i++)
        {
            writer.AddRecord(LogTestData.Payload(i, 50));
        }

        Assert.Equal(0, file.AppendCount);
        Assert.Equal(0, file.Length);
        Assert.Equal(100 * (Header + 50), writer.Length);
        writer.Flush();
        Assert.Equal(1, file.AppendCount);
        Assert.Equal(writer.Length, file.Length);
        Assert.Equal(writer.Length, writer.FlushedOffset);
    }

    [Fact]
    public void AddRecord_RecordLargerThanBuffer_ReachesFileBeforeFlush()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);

        writer.AddRecord(LogTestData.Payload(1, 200 * 1024));

        Assert.True(file.Length >= 128 * 1024);
        Assert.Equal(0, file.SyncCount);
        writer.Flush();
        Assert.Equal(LogTestData.Payload(1, 200 * 1024), LogTestData.ReadAll(file.ToArray()).Records.Single().Data);
    }

    [Fact]
    public void Sync_LaterChunksCarryTheSyncedOffset()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(0, 10));
        writer.Sync();
        long firstSync = writer.SyncedOffset;
        writer.AddRecord(LogTestData.Payload(1, 40_000));
        writer.AddRecord(LogTestData.Payload(2, 10));
        writer.Sync();
        long secondSync = writer.SyncedOffset;
        writer.AddRecord(LogTestData.Payload(3, 10));
        writer.Flush();

        List<ParsedChunk> chunks = LogTestData.ParseChunks(file.Bytes);

        Assert.Equal(Header + 10, firstSync);
        Assert.Equal(file.SyncedLength, secondSync);
        Assert.Equal([0L, firstSync, firstSync, firstSync, secondSync], chunks.Select(c => c.SyncOffset));
        Assert.Equal(2, file.SyncCount);
    }

    [Fact]
    public void Close_AppendsEmptyFullRecordVouchingForEverythingAndReleasesFile()
    {
        InMemoryLogFile file = new();
        LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(0, 10));
        writer.AddRecord(LogTestData.Payload(1, 20));

        writer.Close();

        ParsedChunk last = LogTestData.ParseChunks(file.Bytes)[^1];
        Assert.Equal(new ParsedChunk((2 * Header) + 30, ChunkType.Full, 0, (2 * Header) + 30), last);
        Assert.Equal(file.Length, file.SyncedLength);
        Assert.True(file.IsDisposed);
        Assert.Equal(3, LogTestData.ReadAll(file.ToArray()).Records.Count);
        StorageException ex = Assert.Throws<StorageException>(() => writer.AddRecord([1]));
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
    }

    [Fact]
    public void SyncAndVouch_AppendsSyncedEmptyRecordVouchingForEverythingAndStaysOpen()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(0, 10));

        writer.SyncAndVouch();

        ParsedChunk vouch = LogTestData.ParseChunks(file.Bytes)[^1];
        Assert.Equal(new ParsedChunk(Header + 10, ChunkType.Full, 0, Header + 10), vouch);
        Assert.Equal(file.Length, file.SyncedLength);
        Assert.Equal(2, file.SyncCount);
        Assert.False(file.IsDisposed);

        // The writer goes on; the next record's chunk vouches for the empty one as well.
        writer.AddRecord(LogTestData.Payload(1, 20));
        writer.Sync();
        Assert.Equal((2 * Header) + 10, LogTestData.ParseChunks(file.Bytes)[^1].SyncOffset);
        Assert.Equal(3, LogTestData.ReadAll(file.ToArray()).Records.Count);
    }

    [Fact]
    public void SyncAndVouch_WithoutSpaceForTheVouchingRecord_CutsItAway_AndTheWriterGoesOn()
    {
        Engine.Core.Storage.MemFileSystem mem = new();
        Engine.Core.Storage.FaultInjectingFileSystem fs = new(mem);
        using LogWriter writer = new(fs.Create("/000007.log"));
        writer.AddRecord(LogTestData.Payload(0, 10));
        writer.Sync();

        fs.SpaceLeft = 0;
        writer.SyncAndVouch();
        Assert.False(writer.IsFailed);
        Assert.Equal(Header + 10, mem.GetLength("/000007.log"));
        Assert.Equal(Header + 10, writer.Length);

        fs.SpaceLeft = null;
        writer.AddRecord(LogTestData.Payload(1, 20));
        writer.SyncAndVouch();
        byte[] bytes = new byte[mem.GetLength("/000007.log")];
        using (Engine.Core.Storage.IReadableFile file = mem.OpenRead("/000007.log"))
        {
            file.Read(0, bytes);
        }

        Assert.Equal(3, LogTestData.ReadAll(bytes).Records.Count);
    }

    [Fact]
    public void Append_FailsOnce_WriterRefusesEverythingAfterwards()
    {
        InMemoryLogFile file = new() { FailNextAppend = true };
        using LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(0, 10));

        StorageException first = Assert.Throws<StorageException>(writer.Flush);

        Assert.Equal(StorageErrorCode.Unavailable, first.Code);
        Assert.True(writer.IsFailed);
        AssertFailedEarlier(() => writer.AddRecord([1]), "injected append failure");
        AssertFailedEarlier(writer.Flush, "injected append failure");
        AssertFailedEarlier(writer.Sync, "injected append failure");
        Assert.Equal(0, file.SyncCount);
    }

    [Fact]
    public void AddRecord_AppendFailsWhenBufferFills_WriterFails()
    {
        InMemoryLogFile file = new() { FailNextAppend = true };
        using LogWriter writer = new(file);

        Assert.Throws<StorageException>(() => writer.AddRecord(LogTestData.Payload(0, 100_000)));

        AssertFailedEarlier(() => writer.AddRecord([1]), "injected append failure");
    }

    [Fact]
    public void Sync_FailsOnce_WriterRefusesEverythingAndKeepsOldSyncedOffset()
    {
        InMemoryLogFile file = new();
        using LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(0, 10));
        writer.Sync();
        long synced = writer.SyncedOffset;
        writer.AddRecord(LogTestData.Payload(1, 10));
        file.FailNextSync = true;

        Assert.Throws<StorageException>(writer.Sync);

        Assert.Equal(synced, writer.SyncedOffset);
        AssertFailedEarlier(() => writer.AddRecord([1]), "injected sync failure");
        AssertFailedEarlier(writer.Sync, "injected sync failure");
    }

    [Fact]
    public void Close_AfterFailure_ThrowsAndStillReleasesFile()
    {
        InMemoryLogFile file = new() { FailNextSync = true };
        LogWriter writer = new(file);
        writer.AddRecord(LogTestData.Payload(0, 10));
        Assert.Throws<StorageException>(writer.Sync);

        AssertFailedEarlier(writer.Close, "injected sync failure");

        Assert.True(file.IsDisposed);
    }

    [Fact]
    public void Constructor_OnFileWithContent_ContinuesAtItsEnd()
    {
        InMemoryLogFile file = new();
        using (LogWriter first = new(file))
        {
            first.AddRecord(LogTestData.Payload(0, Block - Header - 3));
            first.Flush();
        }

        InMemoryLogFile reopened = new(file.ToArray());
        using LogWriter second = new(reopened);
        Assert.Equal(file.Length, second.Length);
        Assert.Equal(0, second.SyncedOffset);
        long offset = second.AddRecord(LogTestData.Payload(1, 40));
        second.Flush();

        Assert.Equal(Block, offset);
        LogReadResult result = LogTestData.ReadAll(reopened.ToArray());
        Assert.Equal([0L, Block], result.Records.Select(r => r.Offset));
    }

    [Fact]
    public void AddRecordFlushSync_InSteadyState_AllocateNothing()
    {
        InMemoryLogFile file = new(capacity: 64 << 20);
        using LogWriter writer = new(file);
        byte[] small = LogTestData.Payload(0, 100);
        byte[] large = LogTestData.Payload(1, 70_000);
        for (int i = 0; i < 10; i++)
        {
            writer.AddRecord(small);
            writer.AddRecord(large);
            writer.Flush();
            writer.Sync();
        }

        // The runtime may allocate on this thread while it re-compiles hot methods (tiering), so the steady state
        // is the best of a few measured rounds.
        long fewest = long.MaxValue;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++)
            {
                writer.AddRecord(small);
                writer.AddRecord(large);
                writer.Flush();
                writer.Sync();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
    }

    private static void AssertFailedEarlier(Action action, string reason)
    {
        StorageException ex = Assert.Throws<StorageException>(action);
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        Assert.Contains("failed earlier", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
