using Engine.Lsm.Options;
using Engine.Lsm.Wal;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;

namespace Engine.Tests.Lsm.Wal;

[Trait("Category", "Unit")]
public sealed class LogReaderTests
{
    private const int Block = LogFormat.BlockSize;
    private const int Header = LogFormat.HeaderSize;
    private const string LogPath = "000007.log";

    [Fact]
    public void TryReadRecord_EmptyLog_ReturnsNothingAndNoTornTail()
    {
        LogReadResult result = LogTestData.ReadAll([]);

        Assert.Empty(result.Records);
        Assert.Null(result.TornTailOffset);
        Assert.Equal(0, result.DroppedBytes);
    }

    [Fact]
    public void TryReadRecord_TruncatedAtEveryOffsetOfLastRecord_ReturnsEarlierRecordsAsTornTail()
    {
        // The last record spans two blocks, so cuts land in its FIRST chunk, in the padding-free block edge and in its LAST chunk.
        (byte[] log, List<long> offsets) = WriteLog([100, 2000, 30_000, 5000], syncAfter: 3);
        long lastStart = offsets[^1];

        for (int cut = (int)lastStart; cut < log.Length; cut++)
        {
            LogReadResult result = LogTestData.ReadAll(log[..cut]);

            Assert.Equal(offsets.Count - 1, result.Records.Count);
            Assert.Equal(offsets[2] + Header + 30_000, result.LastValidOffset);
            if (cut == lastStart)
            {
                Assert.Null(result.TornTailOffset);
            }
            else
            {
                Assert.Equal(lastStart, result.TornTailOffset);
                Assert.Equal(cut - lastStart, result.DroppedBytes);
            }
        }
    }

    [Fact]
    public void TryReadRecord_RecordSpanningBlocksTruncatedAtEveryOffset_IsTornTail()
    {
        (byte[] log, List<long> offsets) = WriteLog([10, 3 * Block], syncAfter: 1);

        for (int cut = (int)offsets[1] + 1; cut < log.Length; cut += 37)
        {
            LogReadResult result = LogTestData.ReadAll(log[..cut]);

            Assert.Single(result.Records);
            Assert.Equal(offsets[1], result.TornTailOffset);
        }
    }

    [Fact]
    public void TryReadRecord_ZeroedTail_IsTornTail()
    {
        (byte[] log, List<long> offsets) = WriteLog([100, 200, 300], syncAfter: 1);
        byte[] zeroFilled = [.. log, .. new byte[Block + 100]];
        byte[] zeroedRecords = (byte[])log.Clone();
        zeroedRecords.AsSpan((int)offsets[1]).Clear();

        LogReadResult appended = LogTestData.ReadAll(zeroFilled);
        LogReadResult overwritten = LogTestData.ReadAll(zeroedRecords);

        Assert.Equal(3, appended.Records.Count);
        Assert.Equal(log.Length, appended.TornTailOffset);
        Assert.Equal(Block + 100, appended.DroppedBytes);
        Assert.Single(overwritten.Records);
        Assert.Equal(offsets[1], overwritten.TornTailOffset);
    }

    [Fact]
    public void TryReadRecord_GarbageAfterLastSync_IsTornTail()
    {
        (byte[] log, List<long> offsets) = WriteLog([100, 200, 50_000, 300, 400], syncAfter: 2);
        long synced = offsets[2];
        new Random(42).NextBytes(log.AsSpan((int)synced));

        LogReadResult result = LogTestData.ReadAll(log);

        Assert.Equal(2, result.Records.Count);
        Assert.Equal(synced, result.TornTailOffset);
        Assert.Equal(log.Length - synced, result.DroppedBytes);
    }

    [Fact]
    public void TryReadRecord_BitFlipAnywhereInSyncedRecord_ThrowsCorruptionNamingFileAndChunk()
    {
        (byte[] log, List<long> offsets) = WriteLog([100, 200, 300, 400, 500], syncAfter: 3);
        int damaged = (int)offsets[1];
        int[] positions = [.. Enumerable.Range(damaged, Header), damaged + Header, damaged + Header + 150, damaged + Header + 199];

        foreach (int position in positions)
        {
            byte[] copy = (byte[])log.Clone();
            copy[position] ^= 0x10;

            CorruptionException ex = Assert.Throws<CorruptionException>(() => LogTestData.ReadAll(copy, path: LogPath));

            Assert.Equal(LogPath, ex.FilePath);
            Assert.Equal(damaged, ex.Offset);
            Assert.Equal(StorageErrorCode.Corruption, ex.Code);
        }
    }

    [Fact]
    public void TryReadRecord_AfterCorruptionReported_ReturnsNothingMore()
    {
        (byte[] log, List<long> offsets) = WriteLog([100, 200, 300], syncAfter: 2);
        log[offsets[0] + Header] ^= 1;
        using LogReader reader = new(log, LogPath, WalRecoveryMode.TolerateTornTail);

        Assert.Throws<CorruptionException>(() => reader.TryReadRecord(out _, out _));

        Assert.False(reader.TryReadRecord(out _, out _));
    }

    [Fact]
    public void TryReadRecord_BitFlipInSyncedRecord_SkipCorruptedSkipsAndCountsIt()
    {
        (byte[] log, List<long> offsets) = WriteLog([100, 200, 300, 400, 500], syncAfter: 3);
        log[offsets[1] + Header + 7] ^= 0x01;

        LogReadResult result = LogTestData.ReadAll(log, WalRecoveryMode.SkipCorrupted);

        Assert.Equal([offsets[0], offsets[2], offsets[3], offsets[4]], result.Records.Select(r => r.Offset));
        Assert.Equal(LogTestData.Payload(4, 500), result.Records[^1].Data);
        Assert.Equal(1, result.SkippedRecords);
        Assert.Equal(Header + 200, result.SkippedBytes);
        Assert.Null(result.TornTailOffset);
    }

    [Fact]
    public void TryReadRecord_FlippedLengthInSyncedRecord_SkipCorruptedResumesAtNextBlock()
    {
        (byte[] log, List<long> offsets) = WriteLog([100, 200, 300, Block, 10], syncAfter: 4);
        log[offsets[1] + 5] ^= 0x40;

        LogReadResult result = LogTestData.ReadAll(log, WalRecoveryMode.SkipCorrupted);

        // Records 1 and 2 share the damaged block; record 3 ends in the next one, whose start is its LAST chunk.
        Assert.Equal([offsets[0], offsets[4]], result.Records.Select(r => r.Offset));
        Assert.Equal(1, result.SkippedRecords);
    }

    [Fact]
    public void TryReadRecord_FlipInMiddleChunkOfSyncedRecord_ReportsThatChunk()
    {
        (byte[] log, List<long> offsets) = WriteLog([10, 3 * Block, 20], syncAfter: 2);
        long middle = LogTestData.ParseChunks(log).First(c => c.Type == ChunkType.Middle).Offset;
        log[middle + Header + 1000] ^= 0x80;

        CorruptionException ex = Assert.Throws<CorruptionException>(() => LogTestData.ReadAll(log));
        LogReadResult skipped = LogTestData.ReadAll(log, WalRecoveryMode.SkipCorrupted);

        Assert.Equal(middle, ex.Offset);
        Assert.Equal([offsets[0], offsets[2]], skipped.Records.Select(r => r.Offset));
        Assert.Equal(1, skipped.SkippedRecords);
    }

    [Fact]
    public void TryReadRecord_FlipInUnsyncedLastRecord_IsTornTailUnlessLogClosedCleanly()
    {
        InMemoryLogFile open = WriteFile([100, 200, 300], syncAfter: 1, close: false);
        InMemoryLogFile closed = WriteFile([100, 200, 300], syncAfter: 1, close: true);
        long last = LogTestData.ParseChunks(open.Bytes)[2].Offset;
        open.FlipBit(last + Header + 10, 3);
        closed.FlipBit(last + Header + 10, 3);

        LogReadResult torn = LogTestData.ReadAll(open.ToArray());
        CorruptionException ex = Assert.Throws<CorruptionException>(() => LogTestData.ReadAll(closed.ToArray()));

        Assert.Equal(2, torn.Records.Count);
        Assert.Equal(last, torn.TornTailOffset);
        Assert.Equal(last, ex.Offset);
    }

    [Fact]
    public void TryReadRecord_ClosedLog_EveryDataChunkIsVouchedFor()
    {
        InMemoryLogFile closed = WriteFile([100, 2 * Block, 300, 40], syncAfter: -1, close: true);
        byte[] log = closed.ToArray();
        List<ParsedChunk> chunks = LogTestData.ParseChunks(log);

        foreach (ParsedChunk chunk in chunks.SkipLast(1))
        {
            byte[] copy = (byte[])log.Clone();
            copy[chunk.Offset + 4] ^= 0x02;

            CorruptionException ex = Assert.Throws<CorruptionException>(() => LogTestData.ReadAll(copy));

            Assert.Equal(chunk.Offset, ex.Offset);
        }
    }

    [Fact]
    public void TryReadRecord_UnfinishedRecordFollowedByVouchingChunk_IsCorruption()
    {
        List<byte> log = [];
        LogTestData.AppendChunk(log, ChunkType.First, 0, [1, 2, 3]);
        int second = log.Count;
        LogTestData.AppendChunk(log, ChunkType.Full, second, [4, 5]);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => LogTestData.ReadAll([.. log]));
        LogReadResult skipped = LogTestData.ReadAll([.. log], WalRecoveryMode.SkipCorrupted);

        Assert.Equal(0, ex.Offset);
        Assert.Equal([(long)second], skipped.Records.Select(r => r.Offset));
        Assert.Equal(new byte[] { 4, 5 }, skipped.Records[0].Data);
        Assert.Equal(1, skipped.SkippedRecords);
    }

    [Fact]
    public void TryReadRecord_UnfinishedRecordNotVouchedFor_IsTornTail()
    {
        List<byte> log = [];
        LogTestData.AppendChunk(log, ChunkType.Full, 0, [9]);
        int first = log.Count;
        LogTestData.AppendChunk(log, ChunkType.First, 0, [1, 2, 3]);
        LogTestData.AppendChunk(log, ChunkType.Full, 0, [4, 5]);

        LogReadResult result = LogTestData.ReadAll([.. log]);

        Assert.Single(result.Records);
        Assert.Equal(first, result.TornTailOffset);
    }

    [Fact]
    public void TryReadRecord_OrphanLastChunkBeforeVouchingChunk_IsCorruption()
    {
        List<byte> log = [];
        LogTestData.AppendChunk(log, ChunkType.Last, 0, [1, 2, 3]);
        int second = log.Count;
        LogTestData.AppendChunk(log, ChunkType.Full, second, [4]);

        CorruptionException ex = Assert.Throws<CorruptionException>(() => LogTestData.ReadAll([.. log]));
        LogReadResult skipped = LogTestData.ReadAll([.. log], WalRecoveryMode.SkipCorrupted);

        Assert.Equal(0, ex.Offset);
        Assert.Equal([(long)second], skipped.Records.Select(r => r.Offset));
    }

    [Fact]
    public void TryReadRecord_ChunkClaimingSyncPastItself_IsUnusable()
    {
        List<byte> log = [];
        LogTestData.AppendChunk(log, ChunkType.Full, 0, [1]);
        int bad = log.Count;
        LogTestData.AppendChunk(log, ChunkType.Full, bad + 1, [2]);

        LogReadResult result = LogTestData.ReadAll([.. log]);

        Assert.Single(result.Records);
        Assert.Equal(bad, result.TornTailOffset);
    }

    [Fact]
    public void Open_ReadableFile_ReadsAllRecords()
    {
        InMemoryLogFile file = WriteFile([5, 70_000, 0, 9], syncAfter: 2, close: true);

        using LogReader reader = LogReader.Open(file, WalRecoveryMode.TolerateTornTail);
        List<int> sizes = [];
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out _))
        {
            sizes.Add(record.Length);
        }

        Assert.Equal([5, 70_000, 0, 9, 0], sizes);
        Assert.Equal(file.Path, reader.Path);
        Assert.Equal(file.Length, reader.FileLength);
        Assert.Null(reader.TornTailOffset);
    }

    private static (byte[] Log, List<long> Offsets) WriteLog(int[] sizes, int syncAfter)
    {
        InMemoryLogFile file = WriteFile(sizes, syncAfter, close: false);
        return (file.ToArray(), LogTestData.ParseChunks(file.Bytes).Where(c => c.Type is ChunkType.Full or ChunkType.First).Select(c => c.Offset).ToList());
    }

    /// <summary>Writes records of the given sizes, syncing after the first <paramref name="syncAfter"/> of them.</summary>
    private static InMemoryLogFile WriteFile(int[] sizes, int syncAfter, bool close)
    {
        InMemoryLogFile file = new(LogPath);
        LogWriter writer = new(file);
        for (int i = 0; i < sizes.Length; i++)
        {
            writer.AddRecord(LogTestData.Payload(i, sizes[i]));
            if (i + 1 == syncAfter)
            {
                writer.Sync();
            }
        }

        if (close)
        {
            writer.Close();
        }
        else
        {
            writer.Flush();
            writer.Dispose();
        }

        return file;
    }
}
