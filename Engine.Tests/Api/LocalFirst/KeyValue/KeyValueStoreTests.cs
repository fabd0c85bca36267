using Engine.Api;
using Engine.Api.LocalFirst.KeyValue;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>Point operations: get, put, delete, exists; binary and odd keys and values; limits; namespaces; large values.</summary>
[Trait("Category", "Unit")]
public sealed class KeyValueStoreTests
{
    [Fact]
    public async Task GetMissing_ThenPutUpdateDelete_BehaveAsAMap()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        Assert.Null(await kv.GetAsync(B("k")));
        Assert.False(await kv.ExistsAsync(B("k")));

        await kv.PutAsync(B("k"), B("v1"));
        Assert.Equal(B("v1"), await kv.GetAsync(B("k")));
        Assert.True(await kv.ExistsAsync(B("k")));

        await kv.PutAsync(B("k"), B("v2"));
        Assert.Equal(B("v2"), await kv.GetAsync(B("k")));

        Assert.True(await kv.DeleteAsync(B("k")));
        Assert.Null(await kv.GetAsync(B("k")));
        Assert.False(await kv.DeleteAsync(B("k")));
        Assert.False(await kv.DeleteAsync(B("never")));
    }

    [Fact]
    public async Task TenKeys_PutReadDeleted()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        for (int i = 0; i < 10; i++)
        {
            await kv.PutAsync(B($"key{i}"), B($"value{i}"));
        }

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(B($"value{i}"), await kv.GetAsync(B($"key{i}")));
            Assert.True(await kv.DeleteAsync(B($"key{i}")));
        }

        Assert.Equal(0, await kv.CountAsync());
    }

    [Fact]
    public async Task BinaryValuesAndKeys_WithZeroAndFF_RoundTrip()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        byte[] key = [0x00, 0xFF, 0x00, 0x01, 0xFF];
        byte[] value = [0xFF, 0x00, 0xFF, 0x00, 0x00];
        await kv.PutAsync(key, value);
        await kv.PutAsync(new byte[] { 0xFF, 0xFF }, new byte[] { 0x00 });

        Assert.Equal(value, await kv.GetAsync(key));
        Assert.Equal([0x00], await kv.GetAsync(new byte[] { 0xFF, 0xFF }));
        Assert.Null(await kv.GetAsync(new byte[] { 0x00, 0xFF, 0x00, 0x01 }));
    }

    [Fact]
    public async Task EmptyValue_IsDistinctFromMissing()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("empty"), Array.Empty<byte>());

        Assert.Equal(Array.Empty<byte>(), await kv.GetAsync(B("empty")));
        Assert.True(await kv.ExistsAsync(B("empty")));
        Assert.Null(await kv.GetAsync(B("missing")));
        Assert.Equal(1, await kv.CountAsync());
        Assert.True(await kv.DeleteAsync(B("empty")));
        Assert.False(await kv.ExistsAsync(B("empty")));
    }

    [Fact]
    public async Task EmptyKey_IsAKeyLikeAnyOther()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(Array.Empty<byte>(), B("root"));
        await kv.PutAsync(new byte[] { 0x00 }, B("zero"));

        Assert.Equal(B("root"), await kv.GetAsync(Array.Empty<byte>()));
        List<KeyValuePair<byte[], byte[]>> all = await ToListAsync(kv.ScanAsync());
        Assert.Equal([Array.Empty<byte>(), [0x00]], all.Select(e => e.Key));
        Assert.True(await kv.DeleteAsync(Array.Empty<byte>()));
        Assert.Null(await kv.GetAsync(Array.Empty<byte>()));
        Assert.Equal(B("zero"), await kv.GetAsync(new byte[] { 0x00 }));
    }

    [Theory]
    [InlineData("a/b/c")]
    [InlineData("file.name.ext")]
    [InlineData("emoji 😀🎉")]
    [InlineData("with space")]
    [InlineData("line\nbreak")]
    [InlineData("tab\there")]
    public async Task SpecialCharacterKeys_RoundTrip(string key)
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B(key), B("v:" + key));
        t.Reopen();
        kv = t.Kv();

        Assert.Equal(B("v:" + key), await kv.GetAsync(B(key)));
        KeyValuePair<byte[], byte[]> only = Assert.Single(await ToListAsync(kv.ScanAsync()));
        Assert.Equal(B(key), only.Key);
    }

    [Fact]
    public async Task TenThousandByteKey_Works_AndAnOverlongKeyIsRejectedBeforeAnyWrite()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        byte[] longKey = new byte[10_000];
        new Random(7).NextBytes(longKey);
        await kv.PutAsync(longKey, B("long"));
        Assert.Equal(B("long"), await kv.GetAsync(longKey));
        Assert.True(await kv.DeleteAsync(longKey));

        byte[] tooLong = new byte[kv.MaxKeyLength + 1];
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await kv.PutAsync(tooLong, B("x")));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await kv.DeleteAsync(tooLong));
        byte[] longest = new byte[kv.MaxKeyLength];
        await kv.PutAsync(longest, B("edge"));
        Assert.Equal(B("edge"), await kv.GetAsync(longest));
        Assert.Single(t.RawEntries());
    }

    [Theory]
    [InlineData(1 << 10)]
    [InlineData(1 << 20)]
    [InlineData(10 << 20)]
    public async Task LargeValues_RoundTrip_BeforeAndAfterReopenAndCompaction(int size)
    {
        using KeyValueTestStore t = new();
        byte[] value = new byte[size];
        new Random(size).NextBytes(value);
        await t.Kv().PutAsync(B("big"), value);
        await t.Kv().PutAsync(B("small"), B("s"));
        Assert.Equal(value, await t.Kv().GetAsync(B("big")));
        Assert.True(await t.Kv().ExistsAsync(B("big")));

        t.Reopen();
        Assert.Equal(value, await t.Kv().GetAsync(B("big")));
        t.Store.Database.Compact();
        Assert.Equal(value, await t.Kv().GetAsync(B("big")));
        t.Reopen();
        Assert.Equal(value, await t.Kv().GetAsync(B("big")));
        Assert.True(await t.Kv().ExistsAsync(B("big")));
        Assert.Equal(value, (await ToListAsync(t.Kv().ScanAsync())).Single(e => e.Key.Length == 3).Value);
    }

    [Fact]
    public async Task Namespaces_AreIsolated_IncludingOnesThatArePrefixesOfOthers()
    {
        using KeyValueTestStore t = new();
        await t.Kv().PutAsync(B("k"), B("default"));
        await t.Kv("a").PutAsync(B("k"), B("a"));
        await t.Kv("ab").PutAsync(B("k"), B("ab"));
        await t.Kv("a\u00FF").PutAsync(new byte[] { 0xFF }, B("aff"));

        Assert.Equal(B("default"), await t.Kv().GetAsync(B("k")));
        Assert.Equal(B("a"), await t.Kv("a").GetAsync(B("k")));
        Assert.Equal(B("ab"), await t.Kv("ab").GetAsync(B("k")));
        Assert.Equal(B("aff"), await t.Kv("a\u00FF").GetAsync(new byte[] { 0xFF }));
        Assert.Null(await t.Kv("a").GetAsync(new byte[] { 0xFF }));
        Assert.Equal(1, await t.Kv("a").CountAsync());
        Assert.Equal(1, await t.Kv().CountAsync());
        Assert.True(await t.Kv("a").DeleteAsync(B("k")));
        Assert.Equal(B("ab"), await t.Kv("ab").GetAsync(B("k")));
        Assert.Equal("ab", t.Kv("ab").Namespace);
    }

    [Fact]
    public async Task BadArguments_AreTypedErrors()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        Assert.Throws<ArgumentNullException>(() => t.Store.KeyValue(null!));
        Assert.Throws<ArgumentException>(() => t.Store.KeyValue("\uD800"));

        // A NUL would be escaped as 0x00 0xFF, making one namespace's prefix a prefix of another's keys.
        Assert.Throws<ArgumentException>(() => t.Store.KeyValue("a\0b"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await kv.PutAsync(B("k"), B("v"), TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await kv.PutAsync(B("k"), B("v"), TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await kv.WriteAsync(null!));
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await kv.PutAsync(B("k"), B("v"), cancellationToken: cancelled.Token));
        Assert.Null(await kv.GetAsync(B("k")));
    }

    [Fact]
    public async Task AfterTheStoreIsDisposed_EveryCallThrowsObjectDisposed()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        t.Store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kv.GetAsync(B("k")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kv.PutAsync(B("k"), B("v")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kv.DeleteAsync(B("k")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kv.ExistsAsync(B("k")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kv.CompareAndSwapAsync(B("k"), null, B("v")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await kv.CountAsync());
        Assert.Throws<ObjectDisposedException>(() => kv.ScanAsync());
        Assert.Throws<ObjectDisposedException>(() => kv.OpenSnapshot());
        Assert.Throws<ObjectDisposedException>(() => kv.BeginTransaction());
        Assert.Throws<ObjectDisposedException>(() => t.Store.KeyValue());
    }

    [Fact]
    public async Task ADamagedEntry_IsACorruptionErrorNamingTheKey()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv("ns");
        await kv.PutAsync(B("k"), B("v"));
        byte[] raw = Assert.Single(t.RawEntries());
        t.Store.Database.Put(raw, [0x80, 1, 2]);

        CorruptionException error = await Assert.ThrowsAsync<CorruptionException>(async () => await kv.GetAsync(B("k")));
        Assert.Equal(raw, error.Key);
        await Assert.ThrowsAsync<CorruptionException>(async () => await kv.ExistsAsync(B("k")));
        await Assert.ThrowsAsync<CorruptionException>(async () => await kv.CountAsync());
        t.Store.Database.Put(raw, [KeyValueEntry.ExpiresFlag, 1, 2]);
        await Assert.ThrowsAsync<CorruptionException>(async () => await kv.GetAsync(B("k")));
    }
}
