using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Core.Storage;
using Microsoft.Extensions.Time.Testing;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>
/// Crashes on the crash-simulating file system, before file operations of a 10,000-operation batch and of a compaction
/// that expires entries, keeping only durable state (a machine crash) or everything written (a process crash). The
/// oracle: the store opens; acknowledged writes are there; the batch is whole or absent; expired entries stay absent
/// and live ones intact, and a compaction after recovery reclaims the expired ones.
/// </summary>
[Trait("Category", "Unit")]
public sealed class KeyValueCrashTests
{
    private const int MaxClonesChecked = 24;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ACrashInsideATenThousandOperationBatch_LeavesItWholeOrAbsent()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<MemFileSystem> crashes = [];
        KeyValueBatch batch = new();
        for (int i = 0; i < 10_000; i++)
        {
            batch.Put(B($"key{i:D5}"), B($"value{i}-{new string('p', 20)}"));
        }

        using (LocalStore store = Open(fs))
        {
            for (int i = 0; i < 100; i++)
            {
                await store.KeyValue("acked").PutAsync(B($"a{i}"), B("v"));
            }

            fs.BeforeOperation = (_, _) =>
            {
                crashes.Add(mem.CrashClone());
                crashes.Add(mem.CrashClone(CrashOptions.KeepAll));
            };
            await store.KeyValue("batch").WriteAsync(batch);
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 4, $"only {crashes.Count} crash points inside the batch");
        bool sawAbsent = false;
        foreach (MemFileSystem clone in Sample(crashes))
        {
            using LocalStore store = Open(clone);
            long count = await store.KeyValue("batch").CountAsync();
            Assert.True(count is 0 or 10_000, $"{count} of the batch's 10,000 entries survived");
            sawAbsent |= count == 0;
            Assert.Equal(100, await store.KeyValue("acked").CountAsync());
            if (count == 10_000)
            {
                Assert.Equal(B($"value9999-{new string('p', 20)}"), await store.KeyValue("batch").GetAsync(B("key09999")));
            }
        }

        using LocalStore after = Open(mem);
        Assert.Equal(10_000, await after.KeyValue("batch").CountAsync());
        Assert.True(sawAbsent, "no crash point fell before the batch's log record");
    }

    [Fact]
    public async Task ACrashInsideACompactionThatExpiresEntries_KeepsExpiredAbsentAndLiveIntact()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<MemFileSystem> crashes = [];
        using (LocalStore store = Open(fs))
        {
            KeyValueStore kv = store.KeyValue("ttl");
            for (int i = 0; i < 400; i++)
            {
                await kv.PutAsync(B($"k{i:D3}"), B($"v{i}"), i % 2 == 0 ? TimeSpan.FromMinutes(1) : null);
            }

            store.Database.Compact();
            _clock.Advance(TimeSpan.FromMinutes(2));
            fs.BeforeOperation = (_, _) =>
            {
                crashes.Add(mem.CrashClone());
                crashes.Add(mem.CrashClone(CrashOptions.KeepAll));
            };
            store.Database.Compact();
            fs.BeforeOperation = null;
            Assert.Equal(200, RawCount(store));
        }

        Assert.True(crashes.Count >= 4, $"only {crashes.Count} crash points inside the compaction");
        foreach (MemFileSystem clone in Sample(crashes))
        {
            using LocalStore store = Open(clone);
            KeyValueStore kv = store.KeyValue("ttl");
            Assert.Equal(200, await kv.CountAsync());
            Assert.Null(await kv.GetAsync(B("k000")));
            Assert.Equal(B("v399"), await kv.GetAsync(B("k399")));
            List<KeyValuePair<byte[], byte[]>> all = await ToListAsync(kv.ScanAsync());
            Assert.All(all, e => Assert.Equal(B("v" + int.Parse(System.Text.Encoding.ASCII.GetString(e.Key)[1..])), e.Value));
            store.Database.Compact();
            Assert.Equal(200, RawCount(store));
        }
    }

    private LocalStore Open(IFileSystem fs) => LocalStore.Open(fs, "/store", new LocalStoreOptions
    {
        Clock = _clock,
        Durability = Durability.Synced,
        Database = new DatabaseOptions { WriteBufferSizeBytes = 64 << 10, MaxImmutableMemtables = 1 },
    });

    private static int RawCount(LocalStore store) => store.Database.Scan(KeyRange.Prefix([0x10])).Count();

    /// <summary>At most <see cref="MaxClonesChecked"/> crash points, spread evenly, the first and last included.</summary>
    private static IEnumerable<MemFileSystem> Sample(List<MemFileSystem> crashes)
    {
        if (crashes.Count <= MaxClonesChecked)
        {
            return crashes;
        }

        return Enumerable.Range(0, MaxClonesChecked).Select(i => crashes[(int)((long)i * (crashes.Count - 1) / (MaxClonesChecked - 1))]);
    }
}
