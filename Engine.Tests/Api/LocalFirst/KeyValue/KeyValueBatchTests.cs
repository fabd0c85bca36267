using Engine.Api.LocalFirst.KeyValue;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>Atomic batches of ten and fifty thousand operations, and compare-and-swap.</summary>
[Trait("Category", "Unit")]
public sealed class KeyValueBatchTests
{
    [Theory]
    [InlineData(10_000)]
    [InlineData(50_000)]
    public async Task ABatch_OfManyOperations_CommitsWhole(int count)
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(B("deleted-by-batch"), B("x"));
        KeyValueBatch batch = new();
        for (int i = 0; i < count; i++)
        {
            batch.Put(B($"key{i:D6}"), B($"value{i}"));
        }

        batch.Delete(B("deleted-by-batch"));
        using KeyValueSnapshot before = kv.OpenSnapshot();
        await kv.WriteAsync(batch);

        Assert.Equal(count + 1, batch.Count);
        Assert.Equal(count, await kv.CountAsync());
        Assert.Equal(1, await before.CountAsync());
        Assert.Equal(B($"value{count - 1}"), await kv.GetAsync(B($"key{count - 1:D6}")));
        Assert.Null(await kv.GetAsync(B("deleted-by-batch")));
        t.Reopen();
        Assert.Equal(count, await t.Kv().CountAsync());
    }

    [Fact]
    public async Task ABatch_LaterOperationsOnAKeyWin_AndAnEmptyBatchWritesNothing()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.WriteAsync(new KeyValueBatch());
        await kv.WriteAsync(new KeyValueBatch().Put(B("a"), B("1")).Put(B("a"), B("2")).Put(B("b"), B("1")).Delete(B("b")));

        Assert.Equal(B("2"), await kv.GetAsync(B("a")));
        Assert.Null(await kv.GetAsync(B("b")));
    }

    [Fact]
    public async Task ABatch_WithAKeyTooLongForTheNamespace_WritesNothing()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv("a-namespace");
        KeyValueBatch batch = new KeyValueBatch().Put(B("fine"), B("v")).Put(new byte[kv.MaxKeyLength + 1], B("v"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await kv.WriteAsync(batch));
        Assert.Empty(t.RawEntries());
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Put(new byte[Engine.Api.Database.MaxKeySizeBytes], B("v")));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Put(B("k"), B("v"), TimeSpan.Zero));
    }

    [Fact]
    public async Task CompareAndSwap_ComparesTheLiveValue()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        Assert.True(await kv.CompareAndSwapAsync(B("k"), null, B("v1")));
        Assert.False(await kv.CompareAndSwapAsync(B("k"), null, B("v2")));
        Assert.False(await kv.CompareAndSwapAsync(B("k"), B("wrong"), B("v2")));
        Assert.False(await kv.CompareAndSwapAsync(B("k"), B("v"), B("v2")));
        Assert.Equal(B("v1"), await kv.GetAsync(B("k")));
        Assert.True(await kv.CompareAndSwapAsync(B("k"), B("v1"), B("v2")));
        Assert.Equal(B("v2"), await kv.GetAsync(B("k")));

        // The empty value is a value: it matches an empty expectation, never "absent".
        Assert.True(await kv.CompareAndSwapAsync(B("e"), null, Array.Empty<byte>()));
        Assert.False(await kv.CompareAndSwapAsync(B("e"), null, B("x")));
        Assert.True(await kv.CompareAndSwapAsync(B("e"), Array.Empty<byte>(), B("x")));

        // A swap can set a time to live.
        Assert.True(await kv.CompareAndSwapAsync(B("k"), B("v2"), B("v3"), TimeSpan.FromSeconds(1)));
        t.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await kv.GetAsync(B("k")));
    }

    [Fact]
    public async Task CompareAndSwap_RacingIncrements_LoseNone()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        const int Tasks = 8;
        const int PerTask = 100;
        int attempts = 0;
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < PerTask; i++)
            {
                while (true)
                {
                    Interlocked.Increment(ref attempts);
                    byte[]? current = await kv.GetAsync(B("counter"));
                    int value = current is null ? 0 : BitConverter.ToInt32(current);
                    if (await kv.CompareAndSwapAsync(B("counter"), current, BitConverter.GetBytes(value + 1)))
                    {
                        break;
                    }
                }
            }
        })));

        Assert.Equal(Tasks * PerTask, BitConverter.ToInt32(await kv.GetAsync(B("counter"))));
        Assert.True(attempts >= Tasks * PerTask);
    }
}
