using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;
using Xunit.Abstractions;

using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Memtables;

/// <summary>Random inserts and iterator moves, checked step by step against a sorted list of internal keys.</summary>
[Trait("Category", "Randomized")]
public sealed class ArenaSkipListModelTests(ITestOutputHelper output)
{
    private static readonly byte[] s_alphabet = [0x00, (byte)'a', (byte)'b', (byte)'c', 0xFF];

    [Fact]
    public void RandomInsertsAndWalks_MatchSortedModel()
    {
        int seed = TestSeed.Pick(output);
        Random rng = new(seed);

        // A roomy arena, then small ones that fill up part-way through the run.
        foreach (int capacity in new[] { 1 << 20, 16 << 10, 4 << 10 })
        {
            RunOne(rng, capacity, operations: 4000);
        }
    }

    private void RunOne(Random rng, int capacity, int operations)
    {
        Arena arena = new(capacity);
        ArenaSkipList list = new(arena, (ulong)rng.NextInt64());
        List<byte[]> model = [];
        Dictionary<string, byte[]> values = [];
        SkipListIterator it = new(list);
        byte[]? current = null;
        int rejected = 0;
        List<string> log = [];

        try
        {
            for (int step = 0; step < operations; step++)
            {
                int op = rng.Next(100);
                if (op < 40)
                {
                    byte[] userKey = RandomUserKey(rng);
                    ulong trailer = RandomTrailer(rng);
                    byte[] key = TestKeys.Internal(userKey, trailer);
                    byte[] value = new byte[rng.Next(0, 40)];
                    rng.NextBytes(value);
                    log.Add($"add {Convert.ToHexString(key)}");
                    int index = model.BinarySearch(key, TestKeys.Comparer);
                    if (index >= 0)
                    {
                        int size = arena.Size;
                        Assert.Throws<StorageException>(() => list.TryAdd(userKey, trailer, value));
                        Assert.Equal(size, arena.Size);
                    }
                    else if (list.TryAdd(userKey, trailer, value))
                    {
                        model.Insert(~index, key);
                        values[Convert.ToHexString(key)] = value;
                    }
                    else
                    {
                        rejected++;
                        Assert.True(arena.Capacity - arena.Size < ArenaSkipList.MaxNodeSize(key.Length, value.Length));
                    }
                }
                else
                {
                    current = MoveBoth(rng, op, it, model, current, log);
                }

                Assert.Equal(current is not null, it.Valid);
                if (current is not null)
                {
                    Assert.Equal(current, it.Key.ToArray());
                    Assert.Equal(values[Convert.ToHexString(current)], it.Value.ToArray());
                    Assert.Equal(InternalKey.UserKey(current).ToArray(), it.UserKey.ToArray());
                    Assert.Equal(InternalKey.Trailer(current), it.Trailer);
                }

                Assert.Equal(model.Count, list.Count);
            }

            AssertFullScans(list, model);
            output.WriteLine($"capacity {capacity}: {model.Count} entries, {rejected} rejected as full, {arena.Size} bytes used");
        }
        catch
        {
            output.WriteLine($"capacity {capacity}; last operations:");
            foreach (string line in log.TakeLast(20))
            {
                output.WriteLine("  " + line);
            }

            throw;
        }
    }

    // Applies one iterator move to the skiplist iterator and returns the model's expected position.
    private static byte[]? MoveBoth(Random rng, int op, SkipListIterator it, List<byte[]> model, byte[]? current, List<string> log)
    {
        if (op < 50)
        {
            log.Add("first");
            it.First();
            return model.Count > 0 ? model[0] : null;
        }

        if (op < 55)
        {
            log.Add("last");
            it.Last();
            return model.Count > 0 ? model[^1] : null;
        }

        if (op < 70)
        {
            log.Add("next");
            it.Next();
            return current is null ? null : After(model, current, inclusive: false);
        }

        if (op < 85)
        {
            log.Add("prev");
            it.Prev();
            return current is null ? null : Before(model, current);
        }

        byte[] target = TestKeys.Internal(RandomUserKey(rng), RandomTrailer(rng));
        if (op < 93)
        {
            log.Add($"seekge {Convert.ToHexString(target)}");
            if (rng.Next(2) == 0)
            {
                it.SeekGE(target);
            }
            else
            {
                it.SeekGE(InternalKey.UserKey(target), InternalKey.Trailer(target));
            }

            return After(model, target, inclusive: true);
        }

        log.Add($"seeklt {Convert.ToHexString(target)}");
        if (rng.Next(2) == 0)
        {
            it.SeekLT(target);
        }
        else
        {
            it.SeekLT(InternalKey.UserKey(target), InternalKey.Trailer(target));
        }

        return Before(model, target);
    }

    private static byte[]? After(List<byte[]> model, byte[] key, bool inclusive)
    {
        int index = model.BinarySearch(key, TestKeys.Comparer);
        int next = index >= 0 ? (inclusive ? index : index + 1) : ~index;
        return next < model.Count ? model[next] : null;
    }

    private static byte[]? Before(List<byte[]> model, byte[] key)
    {
        int index = model.BinarySearch(key, TestKeys.Comparer);
        int previous = (index >= 0 ? index : ~index) - 1;
        return previous >= 0 ? model[previous] : null;
    }

    private static void AssertFullScans(ArenaSkipList list, List<byte[]> model)
    {
        SkipListIterator it = new(list);
        List<byte[]> forward = [];
        for (bool ok = it.First(); ok; ok = it.Next())
        {
            forward.Add(it.Key.ToArray());
        }

        List<byte[]> backward = [];
        for (bool ok = it.Last(); ok; ok = it.Prev())
        {
            backward.Add(it.Key.ToArray());
        }

        backward.Reverse();
        Assert.Equal(model, forward);
        Assert.Equal(model, backward);
    }

    // Short keys over a tiny alphabet, so that equal user keys and prefixes are common.
    private static byte[] RandomUserKey(Random rng)
    {
        byte[] key = new byte[rng.Next(0, 5)];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = s_alphabet[rng.Next(s_alphabet.Length)];
        }

        return key;
    }

    // Few sequence numbers and all stored kinds, so that equal internal keys come up and get rejected.
    private static ulong RandomTrailer(Random rng) =>
        SequenceNumber.MakeTrailer((ulong)rng.Next(0, 200), (KeyKind)rng.Next(0, 3));
}
