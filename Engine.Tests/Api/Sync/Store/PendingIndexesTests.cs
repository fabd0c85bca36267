using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.Sync.Store;

/// <summary>The held-back index entries: runs sorted and merged into one ordered stream of distinct keys.</summary>
public sealed class PendingIndexesTests(ITestOutputHelper output)
{
    private static readonly Ksuid s_sync = Ksuid.FromBytes(new byte[Ksuid.ByteLength]);

    [Fact]
    public void Merge_YieldsEveryDistinctKeyInByteOrder_AcrossRunsAndTruncation()
    {
        TestSeed.Run(output, nameof(Merge_YieldsEveryDistinctKeyInByteOrder_AcrossRunsAndTruncation), 40, seed =>
        {
            Random random = new(seed);
            PendingIndexes pending = new(s_sync);
            SortedSet<byte[]> model = new(ByteOrder.Instance);
            for (int round = 0; round < 3; round++)
            {
                int runs = random.Next(1, 12);
                for (int run = 0; run < runs; run++)
                {
                    int keys = random.Next(0, 300);
                    for (int i = 0; i < keys; i++)
                    {
                        byte[] key = RandomKey(random);
                        pending.Add(key);
                        model.Add(key);
                    }

                    if (random.Next(4) == 0)
                    {
                        // A failed put: what it added after the mark goes.
                        var mark = pending.Mark;
                        for (int i = 0; i < 20; i++)
                        {
                            pending.Add(RandomKey(random));
                        }

                        pending.Truncate(mark);
                    }

                    pending.SealRun();
                }

                pending.StartMerge();
                List<byte[]> merged = [];
                bool byKeyspace = random.Next(2) == 0;
                while (pending.NextKeyspace >= 0)
                {
                    // By keyspace, each walk stops before the next keyspace's first key; else one walk takes them all.
                    int keyspace = pending.NextKeyspace;
                    pending.LimitToKeyspace(byKeyspace ? keyspace : -1);
                    while (pending.MoveNext())
                    {
                        Assert.True(!byKeyspace || pending.Key[0] == keyspace);
                        merged.Add(pending.Key.ToArray());
                    }
                }

                Assert.Equal(model.Count, merged.Count);
                int index = 0;
                foreach (byte[] expected in model)
                {
                    Assert.True(expected.AsSpan().SequenceEqual(merged[index]), $"key {index} differs");
                    index++;
                }

                pending.Clear();
                model.Clear();
            }
        });
    }

    [Fact]
    public void Merge_OfNothing_YieldsNothing()
    {
        PendingIndexes pending = new(s_sync);
        pending.StartMerge();
        Assert.False(pending.MoveNext());
    }

    [Fact]
    public void Merge_OfManyLargeRuns_YieldsEveryKeyOnce_InAscendingOrder()
    {
        // Grant-shaped index keys (long shared prefixes), each key added once across 30 runs of 30,000.
        PendingIndexes pending = new(s_sync);
        byte[] key = new byte[80];
        for (int batch = 0; batch < 30; batch++)
        {
            for (int i = 0; i < 30_000; i++)
            {
                int grant = (batch * 10_000) + (i / 3);
                string tail = (i % 3) switch
                {
                    0 => $"\u0002entitlement-{grant % 100:D6}\0\u0002user\0\u0002user-{(grant / 100) % 1000:D6}\0\u0002grant-{grant:D8}\0",
                    1 => $"\u0002app\0\u0002app-1\0\u0002grant-{grant:D8}\0",
                    _ => $"\u0002user\0\u0002user-{(grant / 100) % 1000:D6}\0\u0002grant-{grant:D8}\0",
                };
                key[0] = (byte)(0x43 + (i % 3));
                int length = 21 + System.Text.Encoding.ASCII.GetBytes(tail, key.AsSpan(21));
                pending.Add(key.AsSpan(0, length));
            }

            pending.SealRun();
        }

        pending.StartMerge();
        int count = 0;
        byte[] previous = [];
        while (pending.MoveNext())
        {
            Assert.True(pending.Key.SequenceCompareTo(previous) > 0, $"key {count} is not above the one before");
            previous = pending.Key.ToArray();
            count++;
        }

        Assert.Equal(900_000, count);
    }

    // Short keys over a small alphabet with many shared prefixes and zero bytes, so ends, ties and duplicates occur.
    private static byte[] RandomKey(Random random)
    {
        byte[] key = new byte[21 + random.Next(0, 24)];
        key[0] = (byte)(0x40 + random.Next(3));
        for (int i = 21; i < key.Length; i++)
        {
            key[i] = (byte)random.Next(3);
        }

        return key;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
