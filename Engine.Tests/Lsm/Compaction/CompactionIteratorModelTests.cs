using Engine.Lsm.Compaction;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

/// <summary>
/// Random inputs through <see cref="CompactionIterator"/>: every reader at a stripe boundary (and a reader that sees
/// everything) reads every key the same from the output as from the input.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class CompactionIteratorModelTests(ITestOutputHelper output)
{
    private const int OutputLevel = 5;
    private static readonly byte[][] s_keys = ["a"u8.ToArray(), "b"u8.ToArray(), "c"u8.ToArray(), "d"u8.ToArray(), "e"u8.ToArray(), "f"u8.ToArray()];

    [Fact]
    public void Entries_RandomInputs_ReadTheSameAtEveryBoundary()
    {
        TestSeed.Run(output, nameof(Entries_RandomInputs_ReadTheSameAtEveryBoundary), 300, RunOnce);
    }

    private static void RunOnce(int seed)
    {
        Random random = new(seed);
        int count = random.Next(1, 40);
        List<(byte[] Key, byte[] Value)> input = [];
        List<RangeTombstone> tombstones = [];
        for (ulong sequence = 1; sequence <= (ulong)count; sequence++)
        {
            int roll = random.Next(10);
            if (roll < 2)
            {
                int start = random.Next(s_keys.Length);
                int end = random.Next(start + 1, s_keys.Length + 1);
                byte[] endKey = end == s_keys.Length ? "g"u8.ToArray() : s_keys[end];
                tombstones.Add(new RangeTombstone(s_keys[start], endKey, sequence));
            }
            else
            {
                KeyKind kind = roll < 4 ? KeyKind.Delete : KeyKind.Set;
                byte[] value = kind == KeyKind.Set ? [(byte)sequence] : [];
                input.Add((ArrayInternalIterator.MakeKey(s_keys[random.Next(s_keys.Length)], sequence, kind), value));
            }
        }

        // Boundaries: a few snapshots, then the visible sequence number, sometimes below the newest entries.
        SortedSet<ulong> boundarySet = [];
        int snapshots = random.Next(0, 4);
        for (int i = 0; i < snapshots; i++)
        {
            boundarySet.Add((ulong)random.Next(1, count + 1));
        }

        boundarySet.Add((ulong)random.Next(Math.Max(1, count - 3), count + 1));
        ulong[] boundaries = [.. boundarySet];
        bool deeperData = random.Next(2) == 0;
        DeeperLevels deeper = new(deeperData ? VersionOf((OutputLevel + 1, File(100, "a", "z"))) : VersionOf(), OutputLevel);

        List<(byte[] Key, byte[] Value)> written = [];
        List<RangeTombstone> kept;
        using (CompactionIterator entries = new(new ArrayInternalIterator(input), tombstones, boundaries, deeper))
        {
            for (entries.First(); entries.Valid; entries.Next())
            {
                written.Add((entries.Key.ToArray(), entries.Value.ToArray()));
            }

            kept = entries.KeptTombstones;
        }

        foreach (ulong reader in boundaries.Append(ulong.MaxValue))
        {
            foreach (byte[] key in s_keys)
            {
                string expected = Read(input, tombstones, deeperData, key, reader);
                string actual = Read(written, kept, deeperData, key, reader);
                Assert.True(expected == actual, $"key {(char)key[0]} at {reader}: input reads {expected}, output {actual}; boundaries {string.Join(',', boundaries)}");
            }
        }
    }

    /// <summary>What a reader at <paramref name="snapshot"/> reads for <paramref name="key"/>; deeper data reads "deep".</summary>
    private static string Read(List<(byte[] Key, byte[] Value)> entries, List<RangeTombstone> tombstones, bool deeperData, byte[] key, ulong snapshot)
    {
        ulong newest = 0;
        string value = deeperData ? "deep" : "none";
        foreach ((byte[] internalKey, byte[] entryValue) in entries)
        {
            ulong trailer = InternalKey.Trailer(internalKey);
            ulong sequence = SequenceNumber.SequenceOf(trailer);
            if (InternalKey.UserKey(internalKey).SequenceEqual(key) && sequence <= snapshot && sequence > newest)
            {
                newest = sequence;
                value = SequenceNumber.KindOf(trailer) == KeyKind.Delete ? "none" : $"v{entryValue[0]}";
            }
        }

        foreach (RangeTombstone tombstone in tombstones)
        {
            if (tombstone.Covers(key) && tombstone.Sequence <= snapshot && tombstone.Sequence > newest)
            {
                return "none";
            }
        }

        return value;
    }
}
