using Engine.Lsm.Batch;
using Engine.Tests.Lsm.Memtables;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Batch;

/// <summary>The key-order rewrite of a batch: same meaning, operations in key order, range deletes left alone.</summary>
[Trait("Category", "Randomized")]
public sealed class BatchSorterTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomBatches_SortIntoKeyOrder_KeepingEachKeysOperationsInOrder()
    {
        int seed = TestSeed.Pick(output);
        Random rng = new(seed);
        for (int round = 0; round < 200; round++)
        {
            using WriteBatch source = new();
            int count = rng.Next(2, 300);
            for (int i = 0; i < count; i++)
            {
                // Shared prefixes of several lengths, short keys and repeats exercise the prefix and tie paths.
                byte[] key = new byte[rng.Next(1, 14)];
                for (int b = 0; b < key.Length; b++)
                {
                    key[b] = (byte)(b < 3 ? rng.Next(2) : rng.Next(4));
                }

                if (rng.Next(4) == 0)
                {
                    source.Delete(key);
                }
                else
                {
                    source.Put(key, BitConverter.GetBytes(i));
                }
            }

            using WriteBatch sorted = new();
            Assert.True(BatchSorter.TrySortInto(source, sorted));

            List<BatchOp> before = BatchOp.ReadAll(source.Data);
            List<BatchOp> after = BatchOp.ReadAll(sorted.Data);
            List<BatchOp> expected = [.. before.Select((op, i) => (op, i)).OrderBy(p => p.op.Key, ByteArrayOrder.Instance).ThenBy(p => p.i).Select(p => p.op)];
            Assert.Equal(expected, after);
        }
    }

    [Fact]
    public void BatchWithRangeDelete_IsNotSorted()
    {
        using WriteBatch source = new();
        source.Put([2], [1]);
        source.DeleteRange([0], [3]);
        source.Put([1], [1]);
        using WriteBatch target = new();

        Assert.False(BatchSorter.TrySortInto(source, target));
        Assert.True(target.IsEmpty);
    }

    [Fact]
    public void SingleOperation_IsNotSorted()
    {
        using WriteBatch source = new();
        source.Put([1], [1]);
        using WriteBatch target = new();

        Assert.False(BatchSorter.TrySortInto(source, target));
    }

    /// <summary>Unsigned lexicographic order of byte strings.</summary>
    private sealed class ByteArrayOrder : IComparer<byte[]>
    {
        public static readonly ByteArrayOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
