using Engine.Api.LocalFirst.KeyValue;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>Time to live: invisible from the moment of expiry to every read, physically removed by compaction.</summary>
[Trait("Category", "Unit")]
public sealed class KeyValueTtlTests
{
    [Fact]
    public async Task AnEntry_IsVisibleUntilItsExpiry_AndAbsentFromThatMillisecondOn()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("session"), B("token"), TimeSpan.FromSeconds(10));
        await kv.PutAsync(B("forever"), B("stays"));

        t.Clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(B("token"), await kv.GetAsync(B("session")));
        Assert.Equal(2, await kv.CountAsync());

        t.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await kv.GetAsync(B("session")));
        Assert.False(await kv.ExistsAsync(B("session")));
        Assert.Equal([B("forever")], (await ToListAsync(kv.ScanAsync())).Select(e => e.Key));
        Assert.Equal([B("forever")], (await ToListAsync(kv.ScanAsync(reverse: true))).Select(e => e.Key));
        Assert.Equal(1, await kv.CountAsync());
        Assert.False(await kv.DeleteAsync(B("session")));
        Assert.Equal(B("stays"), await kv.GetAsync(B("forever")));
    }

    [Fact]
    public async Task AnExpiredEntry_IsAbsentForCompareAndSwapTransactionsAndSnapshots()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("k"), B("old"), TimeSpan.FromMinutes(1));
        using KeyValueSnapshot snapshot = kv.OpenSnapshot();
        using KeyValueTransaction transaction = kv.BeginTransaction();
        t.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await snapshot.GetAsync(B("k")));
        Assert.Equal(0, await snapshot.CountAsync());
        Assert.Null(await transaction.GetAsync(B("k")));
        Assert.False(await kv.CompareAndSwapAsync(B("k"), B("old"), B("new")));
        Assert.True(await kv.CompareAndSwapAsync(B("k"), null, B("fresh")));
        Assert.Equal(B("fresh"), await kv.GetAsync(B("k")));
    }

    [Fact]
    public async Task ARewrite_WithoutTtl_NeverExpires_AndABatchCountsTtlFromItsCommit()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("k"), B("short"), TimeSpan.FromSeconds(1));
        await kv.PutAsync(B("k"), B("long"));
        KeyValueBatch batch = new KeyValueBatch().Put(B("b"), B("v"), TimeSpan.FromSeconds(5));
        t.Clock.Advance(TimeSpan.FromSeconds(3));
        await kv.WriteAsync(batch);
        t.Clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(B("long"), await kv.GetAsync(B("k")));
        Assert.Equal(B("v"), await kv.GetAsync(B("b")));
        t.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await kv.GetAsync(B("b")));
    }

    [Fact]
    public async Task AHugeTtl_SaturatesInsteadOfOverflowing()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("k"), B("v"), TimeSpan.MaxValue);
        t.Clock.Advance(TimeSpan.FromDays(365 * 1000));

        Assert.Equal(B("v"), await kv.GetAsync(B("k")));
    }

    [Fact]
    public async Task Compaction_RemovesExpiredEntriesPhysically_AndKeepsTheRest()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv("ttl");
        for (int i = 0; i < 200; i++)
        {
            await kv.PutAsync(B($"k{i:D3}"), B($"v{i}"), i % 2 == 0 ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1));
        }

        await t.Kv("plain").PutAsync(B("k"), B("v"));
        t.Store.Database.Compact();
        Assert.Equal(201, t.RawEntries().Count);

        t.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(201, t.RawEntries().Count);
        t.Store.Database.Compact();

        Assert.Equal(101, t.RawEntries().Count);
        Assert.Equal(100, await kv.CountAsync());
        Assert.Equal(B("v1"), await kv.GetAsync(B("k001")));
        Assert.Equal(B("v"), await t.Kv("plain").GetAsync(B("k")));

        t.Clock.Advance(TimeSpan.FromHours(1));
        t.Store.Database.Compact();
        Assert.Single(t.RawEntries());
        t.Reopen();
        Assert.Single(t.RawEntries());
        Assert.Equal(0, await t.Kv("ttl").CountAsync());
    }

    [Fact]
    public async Task Compaction_OfAnExpiredNewerVersion_DoesNotResurrectTheOlderOne()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("k"), B("old"));
        t.Store.Database.Compact();
        await kv.PutAsync(B("k"), B("new"), TimeSpan.FromSeconds(1));
        t.Store.Database.Flush();
        t.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await kv.GetAsync(B("k")));
        t.Store.Database.Compact();
        Assert.Null(await kv.GetAsync(B("k")));
        Assert.Empty(t.RawEntries());
    }

    [Fact]
    public async Task Compaction_WhileASnapshotIsOpen_KeepsTheVersionsItSees()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("k"), B("v1"));
        using KeyValueSnapshot snapshot = kv.OpenSnapshot();
        await kv.PutAsync(B("k"), B("v2"), TimeSpan.FromSeconds(1));
        t.Clock.Advance(TimeSpan.FromSeconds(1));
        t.Store.Database.Compact();

        Assert.Equal(B("v1"), await snapshot.GetAsync(B("k")));
        Assert.Null(await kv.GetAsync(B("k")));
    }
}
