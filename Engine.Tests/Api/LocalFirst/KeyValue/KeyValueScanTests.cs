using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Tests.Infrastructure;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>Range scans and counts: exact bounds, the reverse mirror, prefixes, streaming, snapshots.</summary>
[Trait("Category", "Unit")]
[Collection(ProcessMemory.Name)]
public sealed class KeyValueScanTests
{
    private static readonly byte[][] s_keys =
    [
        [], [0x00], [0x00, 0x00], [0x01], [0x61], [0x61, 0x00], [0x61, 0x62], [0x61, 0x62, 0x63], [0x61, 0x62, 0xFF],
        [0x61, 0x63], [0x7F], [0x80], [0xFE, 0xFF], [0xFF], [0xFF, 0x00], [0xFF, 0xFF],
    ];

    public static TheoryData<byte[]?, byte[]?> Ranges => new()
    {
        { null, null },
        { [0x61], null },
        { null, [0x61, 0x62] },
        { [0x61], [0x61, 0x62] },
        { [0x61, 0x62], [0x61, 0x62, 0x63] },
        { [0x61, 0x62, 0x00], [0x61, 0x63] },
        { [0x00], [0x00] },
        { [], [0x00] },
        { [0x80], [0xFF, 0xFF] },
        { [0xFF], null },
        { [0xFF, 0xFF, 0x00], null },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task Scan_ExactHalfOpenBounds_ReverseIsTheMirror_CountIsTheLength(byte[]? start, byte[]? end)
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = await Fill(t);
        KeyRange range = KeyRange.Between(start, end);
        byte[][] expected = s_keys
            .Where(k => (start is null || k.AsSpan().SequenceCompareTo(start) >= 0) && (end is null || k.AsSpan().SequenceCompareTo(end) < 0))
            .ToArray();

        List<KeyValuePair<byte[], byte[]>> forward = await ToListAsync(kv.ScanAsync(range));
        List<KeyValuePair<byte[], byte[]>> backward = await ToListAsync(kv.ScanAsync(range, reverse: true));

        Assert.Equal(expected, forward.Select(e => e.Key));
        Assert.Equal(expected.Reverse(), backward.Select(e => e.Key));
        Assert.All(forward, e => Assert.Equal([.. e.Key, 0xEE], e.Value));
        Assert.Equal(expected.Length, await kv.CountAsync(range));
    }

    [Fact]
    public async Task PrefixScan_IncludesThePrefixItselfAndItsExtensionsOnly()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = await Fill(t);

        List<KeyValuePair<byte[], byte[]>> ab = await ToListAsync(kv.ScanAsync(KeyRange.Prefix([0x61, 0x62])));
        List<KeyValuePair<byte[], byte[]>> ff = await ToListAsync(kv.ScanAsync(KeyRange.Prefix([0xFF]), reverse: true));

        Assert.Equal([[0x61, 0x62], [0x61, 0x62, 0x63], [0x61, 0x62, 0xFF]], ab.Select(e => e.Key));
        Assert.Equal([[0xFF, 0xFF], [0xFF, 0x00], [0xFF]], ff.Select(e => e.Key));
        Assert.Equal(3, await kv.CountAsync(KeyRange.Prefix([0xFF])));
    }

    [Fact]
    public async Task Scan_IsLazy_BreakingEarlyReadsLittleOfALargeRange()
    {
        // On the local file system: the in-memory one copies a table whole when it opens it.
        using TempDirectory temp = new("kv-scan");
        using LocalStore store = LocalStore.Open(temp.Path, new LocalStoreOptions { Database = new DatabaseOptions { BlockCacheBytes = 1 << 20 } });
        KeyValueStore kv = store.KeyValue();
        KeyValueBatch batch = new();
        byte[] value = new byte[1024];
        for (int i = 0; i < 20_000; i++)
        {
            batch.Put(B($"key{i:D6}"), value);
        }

        await kv.WriteAsync(batch);
        store.Database.Flush();

        long before = GC.GetAllocatedBytesForCurrentThread();
        int seen = 0;
        await foreach (KeyValuePair<byte[], byte[]> entry in kv.ScanAsync())
        {
            if (++seen == 10)
            {
                break;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (2 << 20), $"a scan of 10 entries of a 20 MB range allocated {allocated} bytes");

        // Memory stays flat through a full scan: three quarters in, far less than the 15 MB already read is retained.
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long retained = 0;
        long bytes = 0;
        int entries = 0;
        await foreach (KeyValuePair<byte[], byte[]> entry in kv.ScanAsync())
        {
            bytes += entry.Value.Length;
            if (++entries == 15_000)
            {
                retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            }
        }

        Assert.Equal(20_000L * 1024, bytes);
        Assert.True(retained < (6 << 20), $"{retained} bytes retained three quarters into a scan of {bytes}");
    }

    [Fact]
    public async Task Scan_Cancelled_Throws()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = await Fill(t);
        using CancellationTokenSource cancel = new();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (KeyValuePair<byte[], byte[]> entry in kv.ScanAsync(cancellationToken: cancel.Token))
            {
                seen++;
                cancel.Cancel();
            }
        });
        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task Snapshot_SeesThePastForGetExistsScanAndCount()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("a"), B("1"));
        await kv.PutAsync(B("b"), B("2"));
        using KeyValueSnapshot snapshot = kv.OpenSnapshot();
        await kv.PutAsync(B("a"), B("changed"));
        await kv.DeleteAsync(B("b"));
        await kv.PutAsync(B("c"), B("3"));

        Assert.Equal(B("1"), await snapshot.GetAsync(B("a")));
        Assert.True(await snapshot.ExistsAsync(B("b")));
        Assert.False(await snapshot.ExistsAsync(B("c")));
        Assert.Equal([B("a"), B("b")], (await ToListAsync(snapshot.ScanAsync())).Select(e => e.Key));
        Assert.Equal([B("b"), B("a")], (await ToListAsync(snapshot.ScanAsync(reverse: true))).Select(e => e.Key));
        Assert.Equal(2, await snapshot.CountAsync());
        Assert.Equal(2, await kv.CountAsync());
        Assert.True(snapshot.Sequence > 0);

        snapshot.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await snapshot.GetAsync(B("a")));
        snapshot.Dispose();
    }

    [Fact]
    public async Task Snapshot_SeesABatchWholeOrNotAtAll()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        KeyValueBatch batch = new();
        for (int i = 0; i < 1000; i++)
        {
            batch.Put(B($"k{i:D4}"), B("v"));
        }

        using KeyValueSnapshot before = kv.OpenSnapshot();
        await kv.WriteAsync(batch);
        using KeyValueSnapshot after = kv.OpenSnapshot();

        Assert.Equal(0, await before.CountAsync());
        Assert.Equal(1000, await after.CountAsync());
    }

    private static async Task<KeyValueStore> Fill(KeyValueTestStore t)
    {
        KeyValueStore kv = t.Kv("scan");

        // Neighbours in other namespaces must never leak into the scans.
        await t.Kv("sca").PutAsync(new byte[] { 0x61 }, B("other"));
        await t.Kv("scan2").PutAsync(new byte[] { 0x61 }, B("other"));
        await t.Kv("scan\u00FF").PutAsync(new byte[] { 0xFF }, B("other"));
        foreach (byte[] key in s_keys.Reverse())
        {
            await kv.PutAsync(key, (byte[])[.. key, 0xEE]);
        }

        return kv;
    }
}
