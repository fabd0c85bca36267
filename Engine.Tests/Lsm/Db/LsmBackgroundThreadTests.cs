using System.Collections.Concurrent;
using Engine.Api.Events;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Events;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Flushes and compactions run on the store's own named threads, started only when there is work, never on the
/// thread pool, and joined when the store closes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmBackgroundThreadTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Open_NewStoreWithWritesThatFitTheMemtable_StartsNoThread()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(null));
        db.Put("a"u8, "1"u8);
        Assert.Equal("1"u8.ToArray(), db.Get("a"u8));

        Assert.Empty(db.BackgroundThreads);
    }

    [Fact]
    public void Flush_AfterWrites_RunsOnTheDedicatedFlushThread()
    {
        ThreadRecordingListener listener = new();
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(listener));
        db.Put("a"u8, "1"u8);
        db.Flush();

        (string? name, bool pool, bool background) = Assert.Single(listener.Flushes);
        Assert.Equal(LsmDatabase.FlushThreadName, name);
        Assert.False(pool);
        Assert.True(background);
        Assert.Contains(db.BackgroundThreads, t => t.Name == LsmDatabase.FlushThreadName);
    }

    [Fact]
    public void AutomaticCompaction_RunsOnANamedCompactionThread()
    {
        ThreadRecordingListener listener = new();
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(listener));
        for (int i = 0; i < 3000; i++)
        {
            db.Put(Key(i), new byte[20]);
        }

        db.WaitForBackgroundIdle();

        Assert.NotEmpty(listener.Compactions);
        Assert.All(listener.Compactions, c =>
        {
            Assert.StartsWith("engine-compaction-", c.Name, StringComparison.Ordinal);
            Assert.False(c.Pool);
            Assert.True(c.Background);
        });
    }

    [Fact]
    public void Dispose_AfterBackgroundWork_JoinsEveryThread()
    {
        LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", Tiny(null));
        for (int i = 0; i < 3000; i++)
        {
            db.Put(Key(i), new byte[20]);
        }

        db.WaitForBackgroundIdle();
        Thread[] threads = db.BackgroundThreads;
        db.Dispose();

        Assert.Equal(1 + db.Options.MaxBackgroundCompactions, threads.Length);
        Assert.All(threads, t => Assert.False(t.IsAlive, $"{t.Name} still runs after Dispose"));
    }

    [Fact]
    public void Reopen_WithCompactionDue_StartsTheCompactionThreadsAtOnce()
    {
        MemFileSystem fs = new();
        LsmOptions options = Tiny(null);
        using (LsmDatabase db = LsmDatabase.Open(fs, "/db", options with { L0CompactionTrigger = 10 }))
        {
            for (int table = 0; table < 4; table++)
            {
                db.Put(Key(table), new byte[20]);
                db.Flush();
            }

            Assert.Equal(4, db.GetMetrics().FilesPerLevel[0]);
        }

        using LsmDatabase reopened = LsmDatabase.Open(fs, "/db", options);
        Assert.Contains(reopened.BackgroundThreads, t => t.Name!.StartsWith("engine-compaction-", StringComparison.Ordinal));
        reopened.WaitForBackgroundIdle();
        Assert.True(reopened.GetMetrics().FilesPerLevel[0] < options.L0CompactionTrigger);
    }

    private static LsmOptions Tiny(LsmEventListener? listener) => new()
    {
        WriteBufferSizeBytes = 4 << 10,
        TargetFileSizeBytes = 4 << 10,
        LevelBaseMaxBytes = 8 << 10,
        L0CompactionTrigger = 2,
        EventListener = listener,
    };

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D7}");

    /// <summary>Records the thread each flush and automatic compaction began on.</summary>
    private sealed class ThreadRecordingListener : LsmEventListener
    {
        public ConcurrentQueue<(string? Name, bool Pool, bool Background)> Flushes { get; } = new();

        public ConcurrentQueue<(string? Name, bool Pool, bool Background)> Compactions { get; } = new();

        public override void OnFlushBegin(FlushInfo info) => Flushes.Enqueue(Current());

        public override void OnCompactionBegin(CompactionInfo info)
        {
            if (info.Reason != CompactionReason.Manual)
            {
                Compactions.Enqueue(Current());
            }
        }

        private static (string? Name, bool Pool, bool Background) Current() =>
            (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.IsBackground);
    }
}
