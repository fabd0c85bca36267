using System.Text;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Feed;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api.LocalFirst.Feed;

public sealed class ChangeFeedTests
{
    private static readonly byte[] s_prefix = "w/"u8.ToArray();

    private static readonly ChangeMapper s_raw = (sequence, kind, key, value) => kind switch
    {
        KeyKind.Set => new PutEvent(sequence, key.ToArray(), value.ToArray()),
        KeyKind.Delete => new DeleteEvent(sequence, key.ToArray()),
        _ => new RangeDeleteEvent(sequence, key.ToArray(), value.IsEmpty ? null : value.ToArray()),
    };

    [Fact]
    public async Task DeliversMatchingChangesInCommitOrderWithIncreasingSequences()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        ulong from = store.Feed.NextSequence;
        store.Database.Put("w/a"u8, "1"u8);
        store.Database.Put("other"u8, "x"u8);
        using (WriteBatch batch = new())
        {
            batch.Put("w/b"u8, "2"u8);
            batch.Delete("w/a"u8);
            batch.Put("w0"u8, "not under the prefix"u8);
            store.Database.Write(batch);
        }

        List<ChangeEvent> events = await TakeAsync(store, from, 3);
        Assert.Equal(["w/a", "w/b", "w/a"], events.Select(e => Encoding.ASCII.GetString(e.Key)));
        Assert.IsType<PutEvent>(events[0]);
        Assert.Equal("2"u8.ToArray(), Assert.IsType<PutEvent>(events[1]).Value);
        Assert.IsType<DeleteEvent>(events[2]);
        Assert.Equal(from, events[0].Sequence);
        Assert.Equal(from + 2, events[1].Sequence);
        Assert.Equal(from + 3, events[2].Sequence);
    }

    [Fact]
    public async Task AWatcherWaitsForTheNextCommitAndSeesItOnlyOnceVisible()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        await using IAsyncEnumerator<ChangeEvent> watch = store.Feed.WatchAsync(s_prefix, store.Feed.NextSequence, s_raw).GetAsyncEnumerator();
        ValueTask<bool> pending = watch.MoveNextAsync();
        Assert.False(pending.IsCompleted);
        store.Database.Put("w/k"u8, "v"u8);
        Assert.True(await pending);
        Assert.Equal("v"u8.ToArray(), store.Database.Get(Assert.IsType<PutEvent>(watch.Current).Key));
    }

    [Fact]
    public async Task RangeDeletionsAreClippedToThePrefix()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        ulong from = store.Feed.NextSequence;
        store.Database.DeleteRange("a"u8, "w/m"u8);
        store.Database.DeleteRange("w/m"u8, "z"u8);
        store.Database.DeleteRange("x"u8, "z"u8);
        store.Database.Put("w/end"u8, ""u8);
        List<ChangeEvent> events = await TakeAsync(store, from, 3);
        RangeDeleteEvent first = Assert.IsType<RangeDeleteEvent>(events[0]);
        Assert.Equal(s_prefix, first.Key);
        Assert.Equal("w/m"u8.ToArray(), first.EndKey);
        RangeDeleteEvent second = Assert.IsType<RangeDeleteEvent>(events[1]);
        Assert.Equal("w/m"u8.ToArray(), second.Key);
        Assert.Null(second.EndKey);
        Assert.IsType<PutEvent>(events[2]);
    }

    [Fact]
    public async Task ASlowWatcherWithoutHistoryFallsBehindTypedAndLosesNothingBeforeIt()
    {
        LocalStoreOptions options = new() { ChangeFeed = new ChangeFeedOptions { BufferBytes = 4096, RetainedLogBytes = 0 } };
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s", options);
        ulong from = store.Feed.NextSequence;
        store.Database.Put("w/0"u8, "first"u8);
        await using IAsyncEnumerator<ChangeEvent> watch = store.Feed.WatchAsync(s_prefix, from, s_raw).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(from, watch.Current.Sequence);

        // The watcher stops reading while 200 writes of 100 bytes overrun a 4 KiB buffer; the flushes retire the WAL.
        for (int i = 1; i <= 200; i++)
        {
            store.Database.Put(Encoding.ASCII.GetBytes($"w/{i}"), new byte[100]);
        }

        store.Database.Flush();
        ChangeFeedFellBehindException error = await Assert.ThrowsAsync<ChangeFeedFellBehindException>(async () => await watch.MoveNextAsync());
        Assert.Equal(from + 1, error.ResumeFrom);
        Assert.False(error.CanResume);
        Assert.True(error.OldestAvailable > error.ResumeFrom);
    }

    [Fact]
    public async Task ASlowWatcherCatchesUpFromTheRetainedLogAcrossFlushes()
    {
        LocalStoreOptions options = new() { ChangeFeed = new ChangeFeedOptions { BufferBytes = 4096 } };
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s", options);
        ulong from = store.Feed.NextSequence;
        for (int i = 0; i < 300; i++)
        {
            store.Database.Put(Encoding.ASCII.GetBytes($"w/{i:D4}"), new byte[100]);
            if (i % 100 == 99)
            {
                store.Database.Flush();
            }
        }

        List<ChangeEvent> events = await TakeAsync(store, from, 300);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"w/{i:D4}"), events.Select(e => Encoding.ASCII.GetString(e.Key)));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => from + (ulong)i), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AWatcherResumesFromASequenceNumberAfterTheStoreReopens()
    {
        MemFileSystem fs = new();
        ulong resumeFrom;
        using (LocalStore store = LocalStore.Open(fs, "/s"))
        {
            store.Database.Put("w/before"u8, "1"u8);
            resumeFrom = store.Feed.NextSequence;
            store.Database.Put("w/a"u8, "2"u8);
            store.Database.Delete("w/before"u8);
        }

        using LocalStore reopened = LocalStore.Open(fs, "/s");
        reopened.Database.Put("w/after"u8, "3"u8);
        List<ChangeEvent> events = await TakeAsync(reopened, resumeFrom, 3);
        Assert.Equal(["w/a", "w/before", "w/after"], events.Select(e => Encoding.ASCII.GetString(e.Key)));
        Assert.Equal(resumeFrom, events[0].Sequence);
        Assert.True(events[1].Sequence < events[2].Sequence);
    }

    [Fact]
    public async Task ResumingFromBeforeTheRetainedHistoryIsTyped()
    {
        LocalStoreOptions options = new() { ChangeFeed = new ChangeFeedOptions { BufferBytes = 4096, RetainedLogBytes = 0 } };
        MemFileSystem fs = new();
        using (LocalStore store = LocalStore.Open(fs, "/s", options))
        {
            store.Database.Put("w/a"u8, "1"u8);
        }

        using LocalStore reopened = LocalStore.Open(fs, "/s", options);
        ChangeFeedFellBehindException error = await Assert.ThrowsAsync<ChangeFeedFellBehindException>(() => TakeAsync(reopened, 1, 1));
        Assert.Equal(1UL, error.ResumeFrom);
    }

    [Fact]
    public async Task ConcurrentWritersAreDeliveredCompletelyInSequenceOrder()
    {
        using TempDirectory temp = new("feed");
        using LocalStore store = LocalStore.Open(temp.Path, new LocalStoreOptions { ChangeFeed = new ChangeFeedOptions { BufferBytes = 16 << 10 } });
        ulong from = store.Feed.NextSequence;
        const int Writers = 4;
        const int PerWriter = 500;
        Task<List<ChangeEvent>> watcher = TakeAsync(store, from, Writers * PerWriter);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < PerWriter; i++)
            {
                store.Database.Put(Encoding.ASCII.GetBytes($"w/{w}/{i:D4}"), new byte[64]);
            }
        })));

        List<ChangeEvent> events = await watcher;
        Assert.Equal(Writers * PerWriter, events.Select(e => Encoding.ASCII.GetString(e.Key)).Distinct().Count());
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
        for (int w = 0; w < Writers; w++)
        {
            string writer = $"w/{w}/";
            Assert.Equal(
                Enumerable.Range(0, PerWriter).Select(i => $"{writer}{i:D4}"),
                events.Select(e => Encoding.ASCII.GetString(e.Key)).Where(k => k.StartsWith(writer, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task CommitsAreCopiedOnlyWhileSomeoneWatches_AndALaterWatcherStillSeesThem()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        ulong from = store.Feed.NextSequence;
        store.Database.Put("w/unwatched"u8, new byte[100]);
        Assert.Equal(0, store.Feed.BufferedBytes);

        await using IAsyncEnumerator<ChangeEvent> watch = store.Feed.WatchAsync(s_prefix, from, s_raw).GetAsyncEnumerator();
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("w/unwatched"u8.ToArray(), watch.Current.Key);
        store.Database.Put("w/watched"u8, new byte[100]);
        Assert.True(store.Feed.BufferedBytes > 100);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("w/watched"u8.ToArray(), watch.Current.Key);
    }

    [Fact]
    public async Task AFailedBatchEmitsNothing()
    {
        FaultInjectingFileSystem fs = new(new MemFileSystem());
        using LocalStore store = LocalStore.Open(fs, "/s", new LocalStoreOptions { Durability = Durability.Synced });
        ulong from = store.Feed.NextSequence;
        store.Database.Put("w/kept"u8, "1"u8, Durability.Synced);
        fs.SetPolicy(new FaultPolicy { Kinds = FileOperationKind.Sync, PathContains = ".log", FailAt = 1 });
        Assert.ThrowsAny<StorageException>(() => store.Database.Put("w/lost"u8, "2"u8, Durability.Synced));
        fs.Disable();
        Assert.Equal(from + 1, store.Feed.NextSequence);
        using CancellationTokenSource cancel = new();
        List<ChangeEvent> events = [];
        await using IAsyncEnumerator<ChangeEvent> watch = store.Feed.WatchAsync(s_prefix, from, s_raw, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("w/kept"u8.ToArray(), watch.Current.Key);
        ValueTask<bool> next = watch.MoveNextAsync();
        Assert.False(next.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
    }

    [Fact]
    public void RetiredLogsAreKeptWithinTheirBudgetAndNeverReplayed()
    {
        MemFileSystem fs = new();
        LocalStoreOptions options = new() { ChangeFeed = new ChangeFeedOptions { RetainedLogBytes = 8 << 10 } };
        using (LocalStore store = LocalStore.Open(fs, "/s", options))
        {
            for (int round = 0; round < 10; round++)
            {
                store.Database.Put("w/k"u8, new byte[1000]);
                store.Database.Put(Encoding.ASCII.GetBytes($"w/{round}"), new byte[1000]);
                store.Database.Flush();
            }

            store.Database.Delete("w/k"u8);
            store.Database.Flush();
        }

        long archived = fs.List("/s/db/archive").Sum(name => fs.GetLength($"/s/db/archive/{name}"));
        Assert.InRange(archived, 1, 8 << 10);
        using LocalStore reopened = LocalStore.Open(fs, "/s", options);
        Assert.Null(reopened.Database.Get("w/k"u8));
        Assert.NotNull(reopened.Database.Get("w/9"u8));
    }

    [Fact]
    public async Task CancellationEndsAWaitingWatcher()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/s");
        using CancellationTokenSource cancel = new();
        await using IAsyncEnumerator<ChangeEvent> watch = store.Feed.WatchAsync(s_prefix, null, s_raw, cancel.Token).GetAsyncEnumerator(cancel.Token);
        ValueTask<bool> pending = watch.MoveNextAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    private static async Task<List<ChangeEvent>> TakeAsync(LocalStore store, ulong from, int count)
    {
        List<ChangeEvent> events = [];
        await foreach (ChangeEvent change in store.Feed.WatchAsync(s_prefix, from, s_raw))
        {
            events.Add(change);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }
}
