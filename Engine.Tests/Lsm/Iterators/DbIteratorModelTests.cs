using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Iterators;

/// <summary>
/// The merging and user-facing iterators against a model: random versions of a small key space spread over several
/// sources, read at random snapshots with random bounds, in both directions.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class DbIteratorModelTests(ITestOutputHelper output)
{
    private sealed record Op(byte[] Key, ulong Sequence, KeyKind Kind, byte[] Value);

    [Fact]
    public void Iterator_MatchesModel_AcrossSourcesSnapshotsAndBounds()
    {
        TestSeed.Run(output, nameof(Iterator_MatchesModel_AcrossSourcesSnapshotsAndBounds), 200, RunOnce);
    }

    private static void RunOnce(int seed)
    {
        Random random = new(seed);
        int keySpace = random.Next(1, 40);
        int sourceCount = random.Next(1, 6);
        List<Op> ops = [];
        var sources = Enumerable.Range(0, sourceCount).Select(_ => new List<(byte[], byte[])>()).ToArray();
        List<(byte[] Start, byte[] End, ulong Seq)> tombstones = [];
        int opCount = random.Next(0, 120);
        for (ulong seq = 1; seq <= (ulong)opCount; seq++)
        {
            byte[] key = KeyOf(random.Next(keySpace));
            int roll = random.Next(10);
            if (roll < 1)
            {
                byte[] end = KeyOf(random.Next(keySpace + 1));
                tombstones.Add((key, end, seq));
                continue;
            }

            KeyKind kind = roll < 3 ? KeyKind.Delete : KeyKind.Set;
            byte[] value = kind == KeyKind.Set ? System.Text.Encoding.ASCII.GetBytes($"v{seq}") : [];
            ops.Add(new Op(key, seq, kind, value));
            sources[random.Next(sourceCount)].Add((ArrayInternalIterator.MakeKey(key, seq, kind), value));
        }

        for (int round = 0; round < 10; round++)
        {
            ulong snapshot = (ulong)random.Next(0, opCount + 2);
            byte[]? lower = random.Next(3) == 0 ? KeyOf(random.Next(keySpace)) : null;
            byte[]? upper = random.Next(3) == 0 ? KeyOf(random.Next(keySpace + 1)) : null;
            List<(byte[] Key, byte[] Value)> expected = Model(ops, tombstones, snapshot, lower, upper);

            RangeTombstoneSet.Builder builder = new();
            foreach ((byte[] start, byte[] end, ulong seq) in tombstones)
            {
                builder.Add(start, end, seq);
            }

            using DbIterator it = new(
                new MergingIterator(sources.Select(s => (IInternalIterator)new ArrayInternalIterator(s)).ToArray()),
                snapshot, builder.Build(snapshot), lower, upper, pin: null);

            // Forward and backward full scans.
            List<(byte[], byte[])> forward = [];
            for (it.First(); it.Valid; it.Next())
            {
                forward.Add((it.Key.ToArray(), it.Value.ToArray()));
            }

            AssertSame(expected, forward, "forward scan");
            List<(byte[], byte[])> backward = [];
            for (it.Last(); it.Valid; it.Prev())
            {
                backward.Add((it.Key.ToArray(), it.Value.ToArray()));
            }

            backward.Reverse();
            AssertSame(expected, backward, "backward scan");

            // Random seeks followed by a random walk in both directions.
            for (int walk = 0; walk < 5; walk++)
            {
                byte[] target = KeyOf(random.Next(keySpace + 1));
                int position;
                if (random.Next(2) == 0)
                {
                    it.SeekGE(target);
                    position = expected.FindIndex(e => e.Key.AsSpan().SequenceCompareTo(target) >= 0);
                    position = position < 0 ? expected.Count : position;
                }
                else
                {
                    it.SeekLT(target);
                    position = expected.FindLastIndex(e => e.Key.AsSpan().SequenceCompareTo(target) < 0);
                }

                for (int step = 0; step < 12; step++)
                {
                    bool inRange = position >= 0 && position < expected.Count;
                    Assert.Equal(inRange, it.Valid);
                    if (!inRange)
                    {
                        break;
                    }

                    Assert.Equal(expected[position].Key, it.Key.ToArray());
                    Assert.Equal(expected[position].Value, it.Value.ToArray());
                    if (random.Next(2) == 0)
                    {
                        it.Next();
                        position++;
                    }
                    else
                    {
                        it.Prev();
                        position--;
                    }
                }
            }
        }
    }

    private static List<(byte[] Key, byte[] Value)> Model(List<Op> ops, List<(byte[] Start, byte[] End, ulong Seq)> tombstones, ulong snapshot, byte[]? lower, byte[]? upper)
    {
        SortedDictionary<string, (byte[] Key, byte[] Value)> live = new(StringComparer.Ordinal);
        foreach (IGrouping<string, Op> group in ops.Where(o => o.Sequence <= snapshot).GroupBy(o => Convert.ToHexString(o.Key)))
        {
            Op newest = group.MaxBy(o => o.Sequence)!;
            bool covered = tombstones.Any(t => t.Seq <= snapshot && t.Seq > newest.Sequence
                && t.Start.AsSpan().SequenceCompareTo(newest.Key) <= 0 && newest.Key.AsSpan().SequenceCompareTo(t.End) < 0);
            if (newest.Kind == KeyKind.Set && !covered
                && (lower is null || newest.Key.AsSpan().SequenceCompareTo(lower) >= 0)
                && (upper is null || newest.Key.AsSpan().SequenceCompareTo(upper) < 0))
            {
                live[group.Key] = (newest.Key, newest.Value);
            }
        }

        return live.Values.ToList();
    }

    private static void AssertSame(List<(byte[] Key, byte[] Value)> expected, List<(byte[], byte[])> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} keys, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Key, actual[i].Item1);
            Assert.Equal(expected[i].Value, actual[i].Item2);
        }
    }

    // Hex keys sort like their numbers; a two-byte prefix keeps some keys prefixes of others out of the way.
    private static byte[] KeyOf(int n) => System.Text.Encoding.ASCII.GetBytes(n.ToString("x3", System.Globalization.CultureInfo.InvariantCulture));
}
