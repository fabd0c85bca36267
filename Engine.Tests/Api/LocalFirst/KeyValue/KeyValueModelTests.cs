using CsCheck;
using Engine.Api;
using Engine.Api.LocalFirst.KeyValue;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.LocalFirst.KeyValue.KeyValueTestStore;

namespace Engine.Tests.Api.LocalFirst.KeyValue;

/// <summary>
/// Model-based: random sequences of put (with and without TTL), get, exists, delete, compare-and-swap, batches,
/// scans (both directions), counts, clock advances, compactions and reopens, checked step by step against a sorted
/// dictionary in unsigned-byte order with the same clock. CsCheck prints the seed of a failing (shrunk) sequence.
/// </summary>
[Trait("Category", "Unit")]
public sealed class KeyValueModelTests(ITestOutputHelper output)
{
    private static readonly byte[] s_alphabet = [0x00, 0x01, 0x61, 0x7F, 0x80, 0xFF];

    private static readonly Gen<byte[]> s_key = Gen.Int[0, s_alphabet.Length - 1].Select(i => s_alphabet[i]).Array[0, 3];

    private static readonly Gen<Op> s_op = Gen.Select(Gen.Int[0, 20], s_key, s_key, Gen.Int[0, 6], Gen.Int[0, 4], Gen.Bool)
        .Select(t => new Op(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6));

    [Fact]
    public void RandomOperationSequences_MatchASortedDictionaryModel()
    {
        s_op.Array[1, 80].Sample(output, ops => Run(ops).GetAwaiter().GetResult(), iter: 150);
    }

    private static async Task Run(Op[] ops)
    {
        using KeyValueTestStore t = new(database: new DatabaseOptions { WriteBufferSizeBytes = 64 << 10 });
        SortedDictionary<byte[], (byte[] Value, long ExpiresAt)> model = new(ByteKeyComparer.Instance);
        foreach (Op op in ops)
        {
            KeyValueStore kv = t.Kv("model");
            long now = t.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            byte[]? live = Live(model, op.Key, now);
            switch (op.Kind)
            {
                case <= 3:
                    await kv.PutAsync(op.Key, Value(op.Value), Ttl(op.Ttl));
                    model[op.Key] = (Value(op.Value), Expiry(op.Ttl, now));
                    break;
                case <= 6:
                    Assert.Equal(live, await kv.GetAsync(op.Key));
                    Assert.Equal(live is not null, await kv.ExistsAsync(op.Key));
                    break;
                case <= 8:
                    Assert.Equal(live is not null, await kv.DeleteAsync(op.Key));
                    model.Remove(op.Key);
                    break;
                case <= 10:
                    byte[]? expected = op.Flag ? live : op.Value == 0 ? null : Value(op.Value);
                    bool swapped = await kv.CompareAndSwapAsync(op.Key, expected, Value(op.Value + 1), Ttl(op.Ttl));
                    bool matches = expected is null ? live is null : live is not null && live.AsSpan().SequenceEqual(expected);
                    Assert.Equal(matches, swapped);
                    if (swapped)
                    {
                        model[op.Key] = (Value(op.Value + 1), Expiry(op.Ttl, now));
                    }

                    break;
                case <= 12:
                    KeyValueBatch batch = new();
                    batch.Put(op.Key, Value(op.Value), Ttl(op.Ttl));
                    model[op.Key] = (Value(op.Value), Expiry(op.Ttl, now));
                    if (op.Flag)
                    {
                        batch.Delete(op.Key2);
                        model.Remove(op.Key2);
                    }
                    else
                    {
                        batch.Put(op.Key2, Value(op.Value + 2));
                        model[op.Key2] = (Value(op.Value + 2), KeyValueEntry.Never);
                    }

                    await kv.WriteAsync(batch);
                    break;
                case <= 15:
                    byte[] low = ByteKeyComparer.Instance.Compare(op.Key, op.Key2) <= 0 ? op.Key : op.Key2;
                    byte[] high = ReferenceEquals(low, op.Key) ? op.Key2 : op.Key;
                    KeyRange range = op.Value switch
                    {
                        0 => KeyRange.All,
                        1 => KeyRange.Prefix(low),
                        2 => KeyRange.From(low),
                        3 => KeyRange.Below(high),
                        _ => KeyRange.Between(low, high),
                    };
                    List<KeyValuePair<byte[], byte[]>> expectedEntries = model
                        .Where(e => range.Contains(e.Key) && e.Value.ExpiresAt > now)
                        .Select(e => new KeyValuePair<byte[], byte[]>(e.Key, e.Value.Value))
                        .ToList();
                    if (op.Flag)
                    {
                        expectedEntries.Reverse();
                    }

                    List<KeyValuePair<byte[], byte[]>> scanned = await ToListAsync(kv.ScanAsync(range, op.Flag));
                    Assert.Equal(expectedEntries.Select(e => Convert.ToHexString(e.Key) + "=" + Convert.ToHexString(e.Value)), scanned.Select(e => Convert.ToHexString(e.Key) + "=" + Convert.ToHexString(e.Value)));
                    Assert.Equal(expectedEntries.Count, await kv.CountAsync(range));
                    break;
                case <= 18:
                    t.Clock.Advance(TimeSpan.FromMilliseconds(400 * (op.Value + 1)));
                    break;
                case 19:
                    t.Store.Database.Compact();
                    break;
                default:
                    t.Reopen();
                    break;
            }
        }
    }

    private static byte[]? Live(SortedDictionary<byte[], (byte[] Value, long ExpiresAt)> model, byte[] key, long now) =>
        model.TryGetValue(key, out (byte[] Value, long ExpiresAt) entry) && entry.ExpiresAt > now ? entry.Value : null;

    private static byte[] Value(int i) => i == 0 ? [] : [(byte)i, 0x00, 0xFF];

    private static TimeSpan? Ttl(int ttl) => ttl == 0 ? null : TimeSpan.FromMilliseconds(700 * ttl);

    private static long Expiry(int ttl, long now) => ttl == 0 ? KeyValueEntry.Never : now + (700 * ttl);

    /// <summary>One step: its kind picks the operation; the other fields are its arguments.</summary>
    public readonly record struct Op(int Kind, byte[] Key, byte[] Key2, int Value, int Ttl, bool Flag)
    {
        public override string ToString() => $"{Kind}:{Convert.ToHexString(Key)}/{Convert.ToHexString(Key2)}/{Value}/{Ttl}/{Flag}";
    }
}
