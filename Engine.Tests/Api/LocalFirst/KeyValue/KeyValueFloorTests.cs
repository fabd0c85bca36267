using CsCheck;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>
/// The upstream floor (spec 1.3): its property tests as CsCheck properties, and its concurrency tests (100 tasks of
/// put, read-own-write and delete), over one store each.
/// </summary>
[Trait("Category", "Unit")]
public sealed class KeyValueFloorTests(ITestOutputHelper output)
{
    private static readonly Gen<byte[]> s_bytes = Gen.Byte.Array[0, 40];

    [Fact]
    public void PutThenGet_ReturnsTheValue()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        Gen.Select(s_bytes, s_bytes).Sample(output, c =>
        {
            kv.PutAsync(c.Item1, c.Item2).AsTask().GetAwaiter().GetResult();
            Assert.Equal(c.Item2, kv.GetAsync(c.Item1).AsTask().GetAwaiter().GetResult());
        }, iter: 100);
    }

    [Fact]
    public void Delete_RemovesTheKey()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        Gen.Select(s_bytes, s_bytes).Sample(output, c =>
        {
            kv.PutAsync(c.Item1, c.Item2).AsTask().GetAwaiter().GetResult();
            Assert.True(kv.DeleteAsync(c.Item1).AsTask().GetAwaiter().GetResult());
            Assert.Null(kv.GetAsync(c.Item1).AsTask().GetAwaiter().GetResult());
            Assert.False(kv.ExistsAsync(c.Item1).AsTask().GetAwaiter().GetResult());
        }, iter: 100);
    }

    [Fact]
    public void TheLastPutWins()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        Gen.Select(s_bytes, s_bytes.Array[1, 8]).Sample(output, c =>
        {
            foreach (byte[] value in c.Item2)
            {
                kv.PutAsync(c.Item1, value).AsTask().GetAwaiter().GetResult();
            }

            Assert.Equal(c.Item2[^1], kv.GetAsync(c.Item1).AsTask().GetAwaiter().GetResult());
        }, iter: 100);
    }

    [Fact]
    public async Task AnEmptyKeyAndAnEmptyValue_Work_AndAOneMegabyteValueRoundTrips()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await kv.PutAsync(Array.Empty<byte>(), Array.Empty<byte>());
        Assert.Equal(Array.Empty<byte>(), await kv.GetAsync(Array.Empty<byte>()));
        byte[] mb = new byte[1 << 20];
        new Random(1).NextBytes(mb);
        await kv.PutAsync(B("mb"), mb);
        Assert.Equal(mb, await kv.GetAsync(B("mb")));
    }

    [Fact]
    public async Task HundredTasks_PutReadOwnWriteDelete_LeaveNothingBehind()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(task => Task.Run(async () =>
        {
            for (int op = 0; op < 10; op++)
            {
                byte[] key = B($"task{task}:op{op}");
                byte[] value = B($"value {task} {op}");
                await kv.PutAsync(key, value);
                Assert.Equal(value, await kv.GetAsync(key));
                await kv.PutAsync(key, (byte[])[.. value, 0xFF]);
                Assert.Equal([.. value, 0xFF], await kv.GetAsync(key));
                Assert.True(await kv.DeleteAsync(key));
                Assert.Null(await kv.GetAsync(key));
            }
        })));

        Assert.Equal(0, await kv.CountAsync());
        Assert.Empty(t.RawEntries());
    }

    [Fact]
    public async Task HundredTasks_SharedKeys_EachSeesItsOwnLatestWrite()
    {
        using KeyValueTestStore t = new();
        KeyValueStore kv = t.Kv();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(task => Task.Run(async () =>
        {
            byte[] own = B($"own{task}");
            for (int op = 0; op < 20; op++)
            {
                await kv.PutAsync(own, BitConverter.GetBytes(op));
                await kv.PutAsync(B($"shared{op % 5}"), BitConverter.GetBytes(task));
                Assert.Equal(op, BitConverter.ToInt32(await kv.GetAsync(own)));
                Assert.NotNull(await kv.GetAsync(B($"shared{op % 5}")));
            }
        })));

        Assert.Equal(105, await kv.CountAsync());
    }
}
