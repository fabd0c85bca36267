using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Lsm.Db;

[Trait("Category", "Unit")]
public sealed class MultiGetValueBatchTests(ITestOutputHelper output)
{
    private static readonly LsmOptions s_small = new() { WriteBufferSizeBytes = 8 << 10, BlockSizeBytes = 512 };

    [Theory]
    [Trait("Category", "Randomized")]
    [InlineData(false)]
    [InlineData(true)]
    public void ValueBatch_HoldsWhatArraysHold_OverLevelsAndDeletes(bool expectPresent)
    {
        TestSeed.Run(output, $"{nameof(ValueBatch_HoldsWhatArraysHold_OverLevelsAndDeletes)}({expectPresent})", 5, seed =>
        {
            Random random = new(seed);
            using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_small);
            for (int i = 0; i < 3000; i++)
            {
                byte[] key = Key(random.Next(1000));
                if (random.Next(5) == 0)
                {
                    db.Delete(key);
                }
                else
                {
                    db.Put(key, Encoding.ASCII.GetBytes($"v{i}-{new string('x', random.Next(40))}"));
                }

                if (i == 1500)
                {
                    db.CompactRange(null, null);
                }
            }

            ValueBatch values = new();
            for (int round = 0; round < 20; round++)
            {
                List<byte[]> keys = [.. Enumerable.Range(0, random.Next(0, 200)).Select(_ => Key(random.Next(1100)))];
                if (random.Next(2) == 0)
                {
                    keys.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
                }

                byte[]?[] expected = new byte[]?[keys.Count];
                db.MultiGet(keys, expected);
                db.MultiGet(keys, values, expectPresent);
                Assert.Equal(keys.Count, values.Count);
                for (int i = 0; i < keys.Count; i++)
                {
                    bool found = values.TryGet(i, out ReadOnlySpan<byte> value);
                    Assert.Equal(expected[i] is not null, found);
                    Assert.Equal(expected[i] ?? [], value.ToArray());
                }
            }
        });
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key-{i:D5}");
}
