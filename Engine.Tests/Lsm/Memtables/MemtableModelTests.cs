using Engine.Lsm.Keys;
using Xunit.Abstractions;
using LsmMemtable = Engine.Lsm.Memtables.Memtable;

namespace Engine.Tests.Lsm.Memtables;

/// <summary>Random point entries and range tombstones; every read is checked against a brute-force scan.</summary>
[Trait("Category", "Randomized")]
public sealed class MemtableModelTests(ITestOutputHelper output)
{
    private sealed record Entry(byte[] UserKey, ulong Sequence, KeyKind Kind, byte[] Value);

    [Fact]
    public void RandomEntries_ReadsMatchBruteForce()
    {
        int seed = TestSeed.Pick(output);
        Random rng = new(seed);
        LsmMemtable memtable = new(1 << 20, (ulong)seed);
        List<Entry> entries = [];
        Dictionary<string, List<Entry>> points = [];
        List<Entry> ranges = [];

        // Sequence numbers are unique but arrive out of order, as they may across concurrent batches.
        ulong[] sequences = Enumerable.Range(1, 1500).Select(i => (ulong)i).ToArray();
        rng.Shuffle(sequences);
        foreach (ulong sequence in sequences)
        {
            int roll = rng.Next(100);
            KeyKind kind = roll < 70 ? KeyKind.Set : roll < 90 ? KeyKind.Delete : KeyKind.RangeDelete;
            byte[] userKey = RandomUserKey(rng);
            byte[] value = kind == KeyKind.RangeDelete ? RandomUserKey(rng) : RandomValue(rng);
            Assert.True(memtable.TryAdd(sequence, kind, userKey, value));
            Entry entry = new(userKey, sequence, kind, value);
            entries.Add(entry);
            if (kind == KeyKind.RangeDelete)
            {
                ranges.Add(entry);
            }
            else
            {
                points.TryAdd(Convert.ToHexString(userKey), []);
                points[Convert.ToHexString(userKey)].Add(entry);
            }

            if (rng.Next(10) == 0)
            {
                CheckReads(rng, memtable, points, ranges, probes: 20);
            }
        }

        CheckReads(rng, memtable, points, ranges, probes: 2000);
        Assert.Equal(entries.Count, memtable.Count);
        Assert.Equal(entries.Max(e => e.Sequence), memtable.LargestSequence);
        Assert.Equal(entries.Min(e => e.Sequence), memtable.SmallestSequence);
    }

    private static void CheckReads(
        Random rng, LsmMemtable memtable, Dictionary<string, List<Entry>> points, List<Entry> ranges, int probes)
    {
        for (int i = 0; i < probes; i++)
        {
            byte[] userKey = RandomUserKey(rng);
            ulong snapshot = (ulong)rng.Next(0, 1600);

            Entry? expected = points.GetValueOrDefault(Convert.ToHexString(userKey), [])
                .Where(e => e.Sequence <= snapshot)
                .MaxBy(e => e.Sequence);
            bool found = memtable.TryGetLatest(userKey, snapshot, out ulong trailer, out ReadOnlySpan<byte> value);
            Assert.Equal(expected is not null, found);
            if (expected is not null)
            {
                Assert.Equal(SequenceNumber.MakeTrailer(expected.Sequence, expected.Kind), trailer);
                Assert.Equal(expected.Value, value.ToArray());
            }

            ulong covering = ranges
                .Where(e => e.Sequence <= snapshot
                    && e.UserKey.AsSpan().SequenceCompareTo(userKey) <= 0 && userKey.AsSpan().SequenceCompareTo(e.Value) < 0)
                .Select(e => e.Sequence)
                .DefaultIfEmpty(0UL)
                .Max();
            Assert.Equal(covering, memtable.MaxCoveringRangeTombstoneSequence(userKey, snapshot));
        }
    }

    private static byte[] RandomUserKey(Random rng)
    {
        byte[] key = new byte[rng.Next(0, 4)];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)('a' + rng.Next(4));
        }

        return key;
    }

    private static byte[] RandomValue(Random rng)
    {
        byte[] value = new byte[rng.Next(0, 16)];
        rng.NextBytes(value);
        return value;
    }
}
