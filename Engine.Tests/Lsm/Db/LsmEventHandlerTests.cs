using System.Collections.Concurrent;
using Engine.Api.Events;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Events;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Event handlers that try to write, flush or compact the store they observe: each attempt is refused with an
/// <see cref="InvalidOperationException"/>, nothing deadlocks, and the writes in flight around it land intact.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmEventHandlerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Handler_WritesFromFlushAndCompactionEvents_RefusedAndEveryWriteReadsBackRight()
    {
        ReentrantListener listener = new(db => db.Put("handler"u8, "value"u8));
        await RunWorkloadAsync(listener, TinyOptions(listener));

        Assert.True(listener.Attempts > 0, "no handler ran");
        Assert.All(listener.Errors, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Equal(listener.Attempts, listener.Errors.Count);
    }

    [Fact]
    public async Task Handler_FlushesFromFlushBegin_RefusedWithoutDeadlock()
    {
        ReentrantListener listener = new(db => db.Flush()) { OnlyFlushBegin = true };
        await RunWorkloadAsync(listener, TinyOptions(listener));

        Assert.True(listener.Attempts > 0, "no flush began");
        Assert.All(listener.Errors, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Equal(listener.Attempts, listener.Errors.Count);
    }

    [Fact]
    public async Task Handler_CompactsFromCompactionEvents_RefusedWithoutDeadlock()
    {
        ReentrantListener listener = new(db => db.CompactRange(null, null)) { OnlyCompactions = true };
        await RunWorkloadAsync(listener, TinyOptions(listener));

        Assert.True(listener.Attempts > 0, "no compaction ran");
        Assert.All(listener.Errors, e => Assert.IsType<InvalidOperationException>(e));
        Assert.Equal(listener.Attempts, listener.Errors.Count);
    }

    [Fact]
    public async Task Handler_WritesFromStallBegin_RefusedAndTheStalledWriteLandsIntact()
    {
        // Compactions are held until a writer stalls, so the stall is certain; its handler then tries to write on
        // the stalled writer's own thread, whose per-thread batch holds the write in flight.
        using ManualResetEventSlim stalled = new(false);
        ReentrantListener listener = new(db =>
        {
            stalled.Set();
            db.Put("handler"u8, "value"u8);
        })
        { OnlyStalls = true, HoldCompactionsUntil = stalled };
        LsmOptions options = TinyOptions(listener) with
        {
            L0CompactionTrigger = 2,
            L0SlowdownWritesTrigger = 3,
            L0StopWritesTrigger = 4,
            MaxBackgroundCompactions = 1,
        };
        await RunWorkloadAsync(listener, options);

        Assert.True(stalled.IsSet, "no writer stalled");
        Assert.True(listener.Attempts > 0);
        Assert.All(listener.Errors, e => Assert.IsType<InvalidOperationException>(e));
    }

    [Fact]
    public void Handler_ReadsFromFlushBegin_Allowed()
    {
        ReentrantListener listener = new(db => db.Get(Key(0))) { OnlyFlushBegin = true };
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", TinyOptions(listener));
        listener.Store = db;
        db.Put(Key(0), Value(0));
        db.Flush();

        Assert.True(listener.Attempts > 0);
        Assert.Empty(listener.Errors);
    }

    /// <summary>Writes enough for flushes, compactions (and stalls, with tight triggers), then checks every value.</summary>
    private static async Task RunWorkloadAsync(ReentrantListener listener, LsmOptions options)
    {
        MemFileSystem fs = new();
        const int Count = 6000;
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", options))
        {
            listener.Store = db;
            Task writer = Task.Run(() =>
            {
                for (int i = 0; i < Count; i++)
                {
                    db.Put(Key(i), Value(i));
                }
            });
            await writer.WaitAsync(s_timeout);
            await Task.Run(db.Flush).WaitAsync(s_timeout);
            await Task.Run(db.WaitForBackgroundIdle).WaitAsync(s_timeout);
            AssertEveryValue(db, Count);
            Assert.Null(db.Get("handler"u8));
        }

        listener.Store = null;
        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", options with { EventListener = null });
        AssertEveryValue(reopened, Count);
    }

    private static void AssertEveryValue(LsmDatabase db, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(Value(i), db.Get(Key(i)));
        }
    }

    private static LsmOptions TinyOptions(LsmEventListener listener) => new()
    {
        WriteBufferSizeBytes = 4 << 10,
        TargetFileSizeBytes = 4 << 10,
        LevelBaseMaxBytes = 8 << 10,
        L0CompactionTrigger = 2,
        EventListener = listener,
        CheckInvariantsAfterVersionChange = true,
    };

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D7}");

    private static byte[] Value(int i) => System.Text.Encoding.ASCII.GetBytes($"value-{i}-{new string('v', i % 40)}");

    /// <summary>Calls <c>action</c> on the store from the chosen handlers and records what it threw.</summary>
    private sealed class ReentrantListener(Action<LsmDatabase> action) : LsmEventListener
    {
        private int _attempts;

        public LsmDatabase? Store { get; set; }

        public bool OnlyFlushBegin { get; init; }

        public bool OnlyCompactions { get; init; }

        public bool OnlyStalls { get; init; }

        public ManualResetEventSlim? HoldCompactionsUntil { get; init; }

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentQueue<Exception> Errors { get; } = new();

        public override void OnFlushBegin(FlushInfo info) => Attempt(!OnlyCompactions && !OnlyStalls);

        public override void OnFlushEnd(FlushInfo info) => Attempt(!OnlyFlushBegin && !OnlyCompactions && !OnlyStalls);

        public override void OnCompactionBegin(CompactionInfo info)
        {
            HoldCompactionsUntil?.Wait(s_timeout);
            Attempt(!OnlyFlushBegin && !OnlyStalls);
        }

        public override void OnCompactionEnd(CompactionInfo info) => Attempt(!OnlyFlushBegin && !OnlyStalls);

        public override void OnStallBegin(StallInfo info) => Attempt(!OnlyFlushBegin && !OnlyCompactions);

        private void Attempt(bool chosen)
        {
            if (!chosen || Store is not LsmDatabase db)
            {
                return;
            }

            Interlocked.Increment(ref _attempts);
            try
            {
                action(db);
            }
            catch (Exception ex)
            {
                Errors.Enqueue(ex);
            }
        }
    }
}
