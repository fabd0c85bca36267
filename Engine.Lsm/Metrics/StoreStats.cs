using System;
using System.Threading;
using Engine.Api;
using Engine.Lsm.Manifest;


namespace Engine.Lsm.Metrics;

/// <summary>
/// The running counters of one store: WAL, flush, ingest and compaction bytes and time, per-level compaction traffic, stalls
/// and slowdowns, background errors, the torn WAL tail dropped at recovery, and the compaction job ids.
/// </summary>
/// <remarks>
/// Thread-safe: every field is only ever changed by an <see cref="Interlocked"/> call in this type and read with
/// <see cref="Interlocked.Read(ref readonly long)"/>, so the store's other code holds no raw atomics for its figures. The
/// counters are independent: a snapshot (<see cref="Fill"/>) may see one event's count without its bytes.
/// </remarks>
internal sealed class StoreStats
{
    private readonly long[] _levelBytesRead = new long[TreeVersion.LevelCount];
    private readonly long[] _levelBytesWritten = new long[TreeVersion.LevelCount];
    private readonly long[] _levelTrivialMoves = new long[TreeVersion.LevelCount];
    private readonly long[] _levelCompactions = new long[TreeVersion.LevelCount];
    private long _walBytesWritten;
    private long _flushCount;
    private long _flushBytesWritten;
    private long _flushTicks;
    private long _compactionJobIds;
    private long _compactionCount;
    private long _compactionTicks;
    private long _trivialMoveCount;
    private long _compactionBytesRead;
    private long _compactionBytesWritten;
    private long _stallCount;
    private long _stallTicks;
    private long _slowdownCount;
    private long _slowdownTicks;
    private long _backgroundErrors;
    private long _tornTailBytes;
    private long _ingestCount;
    private long _ingestedTables;
    private long _ingestedBytes;
    private long _ingestedEntries;

    /// <summary>A new compaction job id, unique in the store's lifetime, from 1.</summary>
    public long NextCompactionJobId() => Interlocked.Increment(ref _compactionJobIds);

    /// <summary>Bytes appended to the WAL by one commit group.</summary>
    public void RecordWalWrite(long bytes) => Interlocked.Add(ref _walBytesWritten, bytes);

    /// <summary>A finished flush that wrote an L0 table of <paramref name="bytes"/> (0 when it wrote none).</summary>
    public void RecordFlush(long bytes, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _flushCount);
        Interlocked.Add(ref _flushBytesWritten, bytes);
        Interlocked.Add(ref _levelBytesWritten[0], bytes);
        Interlocked.Add(ref _flushTicks, elapsed.Ticks);
    }

    /// <summary>An installed ingest of <paramref name="tables"/> tables (<paramref name="bytes"/>, <paramref name="entries"/> entries) into <paramref name="level"/>.</summary>
    public void RecordIngest(int tables, long bytes, long entries, int level)
    {
        Interlocked.Increment(ref _ingestCount);
        Interlocked.Add(ref _ingestedTables, tables);
        Interlocked.Add(ref _ingestedBytes, bytes);
        Interlocked.Add(ref _ingestedEntries, entries);
        Interlocked.Add(ref _levelBytesWritten[level], bytes);
    }

    /// <summary>A table moved into <paramref name="outputLevel"/> by a manifest edit alone.</summary>
    public void RecordTrivialMove(int outputLevel)
    {
        Interlocked.Increment(ref _trivialMoveCount);
        Interlocked.Increment(ref _levelTrivialMoves[outputLevel]);
    }

    /// <summary>
    /// The traffic of a merging compaction: <paramref name="startBytes"/> read from <paramref name="startLevel"/>,
    /// <paramref name="outputInputBytes"/> read from and <paramref name="written"/> written into
    /// <paramref name="outputLevel"/>.
    /// </summary>
    public void RecordCompactionIo(int startLevel, long startBytes, int outputLevel, long outputInputBytes, long written)
    {
        Interlocked.Add(ref _compactionBytesRead, startBytes + outputInputBytes);
        Interlocked.Add(ref _compactionBytesWritten, written);
        Interlocked.Add(ref _levelBytesRead[startLevel], startBytes);
        Interlocked.Add(ref _levelBytesRead[outputLevel], outputInputBytes);
        Interlocked.Add(ref _levelBytesWritten[outputLevel], written);
        Interlocked.Increment(ref _levelCompactions[outputLevel]);
    }

    /// <summary>An installed compaction, merging or trivial, that took <paramref name="elapsed"/>.</summary>
    public void RecordCompaction(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _compactionCount);
        Interlocked.Add(ref _compactionTicks, elapsed.Ticks);
    }

    /// <summary>A writer began to wait for room.</summary>
    public void RecordStall() => Interlocked.Increment(ref _stallCount);

    /// <summary>A stalled writer went on after <paramref name="stalled"/>.</summary>
    public void RecordStallTime(TimeSpan stalled) => Interlocked.Add(ref _stallTicks, stalled.Ticks);

    /// <summary>A commit began its slowdown sleep.</summary>
    public void RecordSlowdown() => Interlocked.Increment(ref _slowdownCount);

    /// <summary>A commit's slowdown sleep ended after <paramref name="slowed"/>.</summary>
    public void RecordSlowdownTime(TimeSpan slowed) => Interlocked.Add(ref _slowdownTicks, slowed.Ticks);

    /// <summary>A flush or compaction failed.</summary>
    public void RecordBackgroundError() => Interlocked.Increment(ref _backgroundErrors);

    /// <summary>Recovery dropped <paramref name="bytes"/> of torn record at the end of the newest WAL.</summary>
    public void RecordTornTail(long bytes) => Interlocked.Add(ref _tornTailBytes, bytes);

    /// <summary>The compaction traffic of <paramref name="level"/>; the caller adds its shape (files, bytes, score, target).</summary>
    public LevelMetrics Level(int level) => new()
    {
        BytesRead = Interlocked.Read(ref _levelBytesRead[level]),
        BytesWritten = Interlocked.Read(ref _levelBytesWritten[level]),
        TrivialMoves = Interlocked.Read(ref _levelTrivialMoves[level]),
        Compactions = Interlocked.Read(ref _levelCompactions[level]),
    };

    /// <summary><paramref name="metrics"/> with every figure this type counts (and the write amplification they give) set.</summary>
    public DatabaseMetrics Fill(DatabaseMetrics metrics)
    {
        long walBytes = Interlocked.Read(ref _walBytesWritten);
        long flushBytes = Interlocked.Read(ref _flushBytesWritten);
        long compactionBytes = Interlocked.Read(ref _compactionBytesWritten);
        return metrics with
        {
            WalBytesWritten = walBytes,
            FlushCount = Interlocked.Read(ref _flushCount),
            FlushBytesWritten = flushBytes,
            FlushMilliseconds = Milliseconds(ref _flushTicks),
            CompactionCount = Interlocked.Read(ref _compactionCount),
            TrivialMoveCount = Interlocked.Read(ref _trivialMoveCount),
            CompactionBytesRead = Interlocked.Read(ref _compactionBytesRead),
            CompactionBytesWritten = compactionBytes,
            CompactionMilliseconds = Milliseconds(ref _compactionTicks),
            WriteAmplification = walBytes == 0 ? 0 : (double)(flushBytes + compactionBytes) / walBytes,
            StallCount = Interlocked.Read(ref _stallCount),
            StallMilliseconds = Milliseconds(ref _stallTicks),
            SlowdownCount = Interlocked.Read(ref _slowdownCount),
            SlowdownMilliseconds = Milliseconds(ref _slowdownTicks),
            BackgroundErrors = Interlocked.Read(ref _backgroundErrors),
            RecoveredTornTailBytes = Interlocked.Read(ref _tornTailBytes),
            IngestCount = Interlocked.Read(ref _ingestCount),
            IngestedTables = Interlocked.Read(ref _ingestedTables),
            IngestedBytes = Interlocked.Read(ref _ingestedBytes),
            IngestedEntries = Interlocked.Read(ref _ingestedEntries),
        };
    }

    private static double Milliseconds(ref long ticks) => TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalMilliseconds;
}
