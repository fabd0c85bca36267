using Engine.Api;
using Engine.Api.LocalFirst.KeyValue;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>Optimistic transactions: snapshot reads, own writes, validation of point reads and scans, rollback.</summary>
[Trait("Category", "Unit")]
public sealed class KeyValueTransactionTests
{
    [Fact]
    public async Task ATransaction_ReadsItsSnapshotAndItsOwnWrites_AndCommitsAtomically()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("a"), B("1"));
        await kv.PutAsync(B("b"), B("2"));
        using KeyValueTransaction tx = kv.BeginTransaction();
        using KeyValueTransaction peek = kv.BeginTransaction();
        await kv.PutAsync(B("z"), B("outside"));

        Assert.Null(await peek.GetAsync(B("z")));
        Assert.Equal(2, (await ToListAsync(peek.ScanAsync())).Count);
        tx.Put(B("a"), B("10"));
        tx.Delete(B("b"));
        tx.Put(B("c"), B("30"));
        Assert.Equal(B("10"), await tx.GetAsync(B("a")));
        Assert.False(await tx.ExistsAsync(B("b")));
        Assert.Equal([B("a"), B("c")], (await ToListAsync(tx.ScanAsync(KeyRange.Below(B("d"))))).Select(e => e.Key));
        Assert.Equal([B("c"), B("a")], (await ToListAsync(tx.ScanAsync(KeyRange.Below(B("d")), reverse: true))).Select(e => e.Key));
        Assert.Equal(B("1"), await kv.GetAsync(B("a")));

        await tx.CommitAsync();

        Assert.Equal(B("10"), await kv.GetAsync(B("a")));
        Assert.Null(await kv.GetAsync(B("b")));
        Assert.Equal(B("30"), await kv.GetAsync(B("c")));
        Assert.Equal(B("outside"), await kv.GetAsync(B("z")));
    }

    [Fact]
    public async Task AChangedPointRead_IsATypedConflict_AndNothingIsWritten()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("balance"), B("100"));
        using KeyValueTransaction tx = kv.BeginTransaction();
        Assert.Equal(B("100"), await tx.GetAsync(B("balance")));
        tx.Put(B("balance"), B("90"));
        tx.Put(B("log"), B("-10"));
        await kv.PutAsync(B("balance"), B("50"));

        TransactionConflictException conflict = await Assert.ThrowsAsync<TransactionConflictException>(async () => await tx.CommitAsync());
        Assert.Equal(B("balance"), conflict.Key);
        Assert.Equal(StorageErrorCode.Conflict, conflict.Code);
        Assert.Equal(B("50"), await kv.GetAsync(B("balance")));
        Assert.Null(await kv.GetAsync(B("log")));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await tx.CommitAsync());
        Assert.Throws<InvalidOperationException>(() => tx.Put(B("x"), B("y")));
    }

    [Fact]
    public async Task AnAbsentRead_ThatAnotherWriterFills_IsAConflict()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        using KeyValueTransaction tx = kv.BeginTransaction();
        Assert.False(await tx.ExistsAsync(B("username:ada")));
        tx.Put(B("username:ada"), B("user-1"));
        await kv.PutAsync(B("username:ada"), B("user-2"));

        await Assert.ThrowsAsync<TransactionConflictException>(async () => await tx.CommitAsync());
        Assert.Equal(B("user-2"), await kv.GetAsync(B("username:ada")));
    }

    [Fact]
    public async Task APhantomInAScannedRange_IsAConflict_OutsideTheReachedPartItIsNot()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("item:1"), B("a"));
        await kv.PutAsync(B("item:5"), B("b"));

        using (KeyValueTransaction tx = kv.BeginTransaction())
        {
            Assert.Equal(2, (await ToListAsync(tx.ScanAsync(KeyRange.Prefix(B("item:"))))).Count);
            tx.Put(B("count"), B("2"));
            await kv.PutAsync(B("item:3"), B("phantom"));
            await Assert.ThrowsAsync<TransactionConflictException>(async () => await tx.CommitAsync());
        }

        Assert.Null(await kv.GetAsync(B("count")));

        using (KeyValueTransaction tx = kv.BeginTransaction())
        {
            // The scan stops at item:1: only [item:, item:1] was read, so a write at item:5 does not conflict.
            await foreach (KeyValuePair<byte[], byte[]> entry in tx.ScanAsync(KeyRange.Prefix(B("item:"))))
            {
                break;
            }

            tx.Put(B("first"), B("item:1"));
            await kv.PutAsync(B("item:5"), B("changed"));
            await tx.CommitAsync();
        }

        Assert.Equal(B("item:1"), await kv.GetAsync(B("first")));
    }

    [Fact]
    public async Task DisjointTransactions_BothCommit_AndAReadOnlyOneNeverConflicts()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        using KeyValueTransaction first = kv.BeginTransaction();
        using KeyValueTransaction second = kv.BeginTransaction();
        using KeyValueTransaction reader = kv.BeginTransaction();
        Assert.Null(await first.GetAsync(B("a")));
        Assert.Null(await second.GetAsync(B("b")));
        Assert.Null(await reader.GetAsync(B("a")));
        first.Put(B("a"), B("1"));
        second.Put(B("b"), B("2"));

        await first.CommitAsync();
        await second.CommitAsync();
        await reader.CommitAsync();

        Assert.Equal(B("1"), await kv.GetAsync(B("a")));
        Assert.Equal(B("2"), await kv.GetAsync(B("b")));
    }

    [Fact]
    public async Task Dispose_WithoutCommit_RollsBack_AndLaterUseThrows()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        KeyValueTransaction tx = kv.BeginTransaction();
        tx.Put(B("k"), B("v"));
        tx.Dispose();
        tx.Dispose();

        Assert.Null(await kv.GetAsync(B("k")));
        Assert.Throws<ObjectDisposedException>(() => tx.Put(B("k"), B("v")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await tx.GetAsync(B("k")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await tx.CommitAsync());
    }

    [Fact]
    public async Task ATransaction_PutsWithTtl_CountFromTheCommit()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        using KeyValueTransaction tx = kv.BeginTransaction();
        tx.Put(B("k"), B("v"), TimeSpan.FromSeconds(5));
        t.Clock.Advance(TimeSpan.FromSeconds(3));
        await tx.CommitAsync();
        t.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(B("v"), await kv.GetAsync(B("k")));
        t.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await kv.GetAsync(B("k")));
    }

    [Fact]
    public async Task RacingTransactions_OnOneCounter_GiveExactlyTheSerialOutcome()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        const int Tasks = 8;
        const int PerTask = 50;
        int conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            for (int i = 0; i < PerTask; i++)
            {
                while (true)
                {
                    using KeyValueTransaction tx = kv.BeginTransaction();
                    byte[]? current = await tx.GetAsync(B("counter"));
                    int value = current is null ? 0 : BitConverter.ToInt32(current);
                    tx.Put(B("counter"), BitConverter.GetBytes(value + 1));
                    tx.Put(B($"log:{value:D5}"), BitConverter.GetBytes(task));
                    try
                    {
                        await tx.CommitAsync();
                        break;
                    }
                    catch (TransactionConflictException conflict)
                    {
                        Assert.Equal(B("counter"), conflict.Key);
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        })));

        // Serializable: every increment saw the one before it, so the log has exactly one entry per value.
        Assert.Equal(Tasks * PerTask, BitConverter.ToInt32(await kv.GetAsync(B("counter"))));
        List<KeyValuePair<byte[], byte[]>> log = await ToListAsync(kv.ScanAsync(KeyRange.Prefix(B("log:"))));
        Assert.Equal(Enumerable.Range(0, Tasks * PerTask).Select(i => B($"log:{i:D5}")), log.Select(e => e.Key));
    }

    [Fact]
    public async Task WriteSkew_OnAScannedRange_IsPrevented()
    {
        // Two doctors on call; each transaction goes off call if the other is still on. Serializable: never both.
        for (int round = 0; round < 20; round++)
        {
            using KeyValueTestStore t = new();
            KeyValueStore kv = t.Kv();
            await kv.PutAsync(B("oncall:alice"), B("1"));
            await kv.PutAsync(B("oncall:bob"), B("1"));
            using KeyValueTransaction alice = kv.BeginTransaction();
            using KeyValueTransaction bob = kv.BeginTransaction();
            int aliceSees = (await ToListAsync(alice.ScanAsync(KeyRange.Prefix(B("oncall:"))))).Count;
            int bobSees = (await ToListAsync(bob.ScanAsync(KeyRange.Prefix(B("oncall:"))))).Count;
            Assert.Equal(2, aliceSees);
            Assert.Equal(2, bobSees);
            alice.Delete(B("oncall:alice"));
            bob.Delete(B("oncall:bob"));

            Task<bool> a = Task.Run(async () => await Commits(alice));
            Task<bool> b = Task.Run(async () => await Commits(bob));
            bool[] outcomes = await Task.WhenAll(a, b);

            Assert.Equal(1, outcomes.Count(committed => committed));
            Assert.Equal(1, await kv.CountAsync(KeyRange.Prefix(B("oncall:"))));
        }
    }

    private static async Task<bool> Commits(KeyValueTransaction tx)
    {
        try
        {
            await tx.CommitAsync();
            return true;
        }
        catch (TransactionConflictException)
        {
            return false;
        }
    }
}
