using System.Collections.Concurrent;
using Engine.Api.Events;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Events;
using Engine.Lsm.Options;
using DatabaseMetrics = Engine.Api.DatabaseMetrics;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// The background tasks seen from outside: events, stalls that end when compaction runs, failures surfaced,
/// compactions cancelled by closing. A listener that blocks in a handler holds the work at a known point.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmBackgroundTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Events_FlushAndCompaction_ArriveAsBeginEndPairs()
    {
        using RecordingListener listener = new();
        using (LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(listener)))
        {
            for (int i = 0; i < 3000; i++)
            {
                db.Put(Key(i), new byte[20]);
            }

            db.CompactRange(null, null);
        }

        List<string> events = [.. listener.Events];
        Assert.Equal(events.Count(e => e.StartsWith("flush-begin", StringComparison.Ordinal)), events.Count(e => e.StartsWith("flush-end", StringComparison.Ordinal)));
        Assert.Equal(events.Count(e => e.StartsWith("compaction-begin", StringComparison.Ordinal)), events.Count(e => e.StartsWith("compaction-end", StringComparison.Ordinal)));
        Assert.Contains(events, e => e.StartsWith("flush-end", StringComparison.Ordinal));
        Assert.Contains(events, e => e == "compaction-end Manual aborted=False");
    }

    [Fact]
    public async Task Stall_CompactionHeld_WritersWaitAndResumeWhenItRuns()
    {
        using RecordingListener listener = new() { HoldCompactions = true };
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(listener) with
        {
            L0CompactionTrigger = 2,
            L0SlowdownWritesTrigger = 3,
            L0StopWritesTrigger = 4,
            MaxBackgroundCompactions = 1,
        });

        Task writer = Task.Run(() =>
        {
            for (int i = 0; i < 6000; i++)
            {
                db.Put(Key(i), new byte[40]);
            }
        });

        try
        {
            // With compaction held, flushes pile up in L0 until the stop trigger holds the writer.
            Assert.True(SpinWait.SpinUntil(() => db.GetMetrics().FilesPerLevel[0] >= 4, s_timeout), "L0 never reached the stop trigger");
            Assert.True(listener.StallBegun.Wait(s_timeout), "no stall began");
            Thread.Sleep(50);
            Assert.False(writer.IsCompleted, "the writer finished with L0 at the stop trigger");
        }
        finally
        {
            listener.ReleaseCompactions();
        }

        await writer.WaitAsync(s_timeout);
        DatabaseMetrics after = db.GetMetrics();
        Assert.True(after.StallCount >= 1);
        Assert.True(after.StallMilliseconds > 0);
        Assert.Contains(listener.Events, e => e.StartsWith("stall-end", StringComparison.Ordinal));
        for (int i = 0; i < 6000; i += 97)
        {
            Assert.NotNull(db.Get(Key(i)));
        }
    }

    [Fact]
    public void Put_L0AtTheSlowdownTrigger_IsDelayedAndCounted()
    {
        // Flushing by hand with compaction held puts L0 exactly at the slowdown trigger, whatever the threads' timing.
        using RecordingListener listener = new() { HoldCompactions = true };
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(listener) with
        {
            L0CompactionTrigger = 2,
            L0SlowdownWritesTrigger = 3,
            L0StopWritesTrigger = 5,
            MaxBackgroundCompactions = 1,
        });
        try
        {
            for (int i = 0; db.GetMetrics().FilesPerLevel[0] < 3; i++)
            {
                db.Put(Key(i), new byte[40]);
                db.Flush();
            }

            Assert.Equal(3, db.GetMetrics().FilesPerLevel[0]);
            long before = db.GetMetrics().SlowdownCount;
            db.Put(Key(1_000_000), new byte[40]);
            DatabaseMetrics after = db.GetMetrics();
            Assert.Equal(before + 1, after.SlowdownCount);
            Assert.True(after.SlowdownMilliseconds > 0);
        }
        finally
        {
            listener.ReleaseCompactions();
        }
    }

    [Fact]
    public void BackgroundFailure_IsSurfaced_WritesStop_ReadsGoOn_ReopenRecovers()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        using RecordingListener listener = new();
        LsmDatabase db = LsmDatabase.Open(fs, "/db", Tiny(listener));
        List<int> acknowledged = [];
        try
        {
            db.Put(Key(0), "first"u8);
            acknowledged.Add(0);
            fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Create, 1) with { PathContains = ".sst", Sticky = true });
            StorageException failure = Assert.Throws<Engine.Api.ReadOnlyException>(() =>
            {
                for (int i = 1; i < 100_000; i++)
                {
                    db.Put(Key(i), new byte[40], WriteOptions.Synced);
                    acknowledged.Add(i);
                }
            });
            Assert.Equal(StorageErrorCode.ReadOnly, failure.Code);
            Assert.Equal(1, db.GetMetrics().BackgroundErrors);
            Assert.Contains(listener.Events, e => e.StartsWith("error flush", StringComparison.Ordinal));
            Assert.Equal("first"u8.ToArray(), db.Get(Key(0)));
        }
        finally
        {
            db.Dispose();
        }

        fs.Disable();
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", Tiny(null));
        foreach (int i in acknowledged)
        {
            Assert.NotNull(reopened.Get(Key(i)));
        }
    }

    [Fact]
    public void Close_DuringCompaction_CancelsItAndKeepsTheData()
    {
        using RecordingListener listener = new();
        MemFileSystem fs = new();
        LsmDatabase db = LsmDatabase.Open(fs, "/db", Tiny(listener) with { MaxBackgroundCompactions = 1 });
        for (int i = 0; i < 5000; i++)
        {
            db.Put(Key(i), new byte[30]);
        }

        db.WaitForBackgroundIdle();

        // The next compaction waits in its begin handler until the store reports itself closed.
        listener.HoldUntilClosed = db;
        int written = 5000;
        while (!listener.CompactionHeld.IsSet)
        {
            db.Put(Key(written++), new byte[30]);
        }

        Assert.True(listener.CompactionHeld.Wait(s_timeout), "no compaction started");
        db.Dispose();

        Assert.Contains(listener.Events, e => e.StartsWith("compaction-end", StringComparison.Ordinal) && e.EndsWith("aborted=True", StringComparison.Ordinal));
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", Tiny(null));
        for (int i = 0; i < written; i += 31)
        {
            Assert.NotNull(reopened.Get(Key(i)));
        }
    }

    [Fact]
    public void ListenerThatThrows_IsCountedAndDoesNotFailTheStore()
    {
        using RecordingListener listener = new() { ThrowFromHandlers = true };
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(listener));
        for (int i = 0; i < 2000; i++)
        {
            db.Put(Key(i), new byte[20]);
        }

        db.CompactRange(null, null);

        DatabaseMetrics metrics = db.GetMetrics();
        Assert.True(metrics.ListenerErrors > 0);
        Assert.Equal(0, metrics.BackgroundErrors);
        Assert.NotNull(db.Get(Key(1999)));
    }

    private static LsmOptions Tiny(LsmEventListener? listener) => new()
    {
        WriteBufferSizeBytes = 4 << 10,
        TargetFileSizeBytes = 4 << 10,
        LevelBaseMaxBytes = 8 << 10,
        L0CompactionTrigger = 2,
        EventListener = listener,
        CheckInvariantsAfterVersionChange = true,
    };

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D7}");

    /// <summary>Records events as strings; can hold compactions at their start.</summary>
    private sealed class RecordingListener : LsmEventListener, IDisposable
    {
        private readonly ManualResetEventSlim _release = new(false);

        public ConcurrentQueue<string> Events { get; } = new();

        public bool HoldCompactions { get; init; }

        public bool ThrowFromHandlers { get; init; }

        public LsmDatabase? HoldUntilClosed { get; set; }

        public ManualResetEventSlim StallBegun { get; } = new(false);

        public ManualResetEventSlim CompactionHeld { get; } = new(false);

        public void ReleaseCompactions() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
            StallBegun.Dispose();
            CompactionHeld.Dispose();
        }

        public override void OnFlushBegin(FlushInfo info) => Record("flush-begin");

        public override void OnFlushEnd(FlushInfo info) => Record($"flush-end {info.TableNumber}");

        public override void OnCompactionBegin(CompactionInfo info)
        {
            Record($"compaction-begin {info.Reason}");
            if (HoldCompactions)
            {
                _release.Wait();
            }

            if (HoldUntilClosed is LsmDatabase db)
            {
                CompactionHeld.Set();
                while (IsOpen(db))
                {
                    Thread.Sleep(1);
                }
            }
        }

        public override void OnCompactionEnd(CompactionInfo info) => Record($"compaction-end {info.Reason} aborted={info.Aborted}");

        public override void OnStallBegin(StallInfo info)
        {
            Record($"stall-begin {info.Reason}");
            StallBegun.Set();
        }

        public override void OnStallEnd(StallInfo info) => Record($"stall-end {info.Reason}");

        public override void OnBackgroundError(BackgroundErrorInfo info) => Record($"error {info.Activity}");

        private static bool IsOpen(LsmDatabase db)
        {
            try
            {
                db.GetMetrics();
                return true;
            }
            catch (StorageException)
            {
                return false;
            }
        }

        private void Record(string text)
        {
            Events.Enqueue(text);
            if (ThrowFromHandlers)
            {
                throw new InvalidOperationException("listener failure");
            }
        }
    }
}
