using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// Readers racing a writer, flushes and L0 merges: a batch that sets several keys to one value is seen whole or not
/// at all, by gets at one snapshot and by iterators.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class LsmConcurrencyTests
{
    private const int Keys = 8;

    [Fact]
    public void Readers_SeeBatchesWhole_WhileMemtablesRotateAndCompact()
    {
        using LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", new LsmOptions { WriteBufferSizeBytes = 4 << 10, L0CompactionTrigger = 2, BlockSizeBytes = 256 });
        int rounds = Environment.GetEnvironmentVariable("ENGINE_SOAK") == "1" ? 50_000 : 4_000;
        using CancellationTokenSource done = new();
        List<Exception> failures = [];
        Thread[] readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            try
            {
                while (!done.IsCancellationRequested)
                {
                    CheckOnce(db, r == 0);
                }

                CheckOnce(db, r == 0);
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex);
                }
            }
        })).ToArray();
        foreach (Thread reader in readers)
        {
            reader.Start();
        }

        using (WriteBatch batch = new())
        {
            for (int n = 1; n <= rounds; n++)
            {
                batch.Clear();
                byte[] value = BitConverter.GetBytes(n);
                for (int k = 0; k < Keys; k++)
                {
                    batch.Put(KeyOf(k), value);
                }

                // Filler so that memtables fill and rotate often.
                batch.Put(BitConverter.GetBytes(n), new byte[24]);
                db.Write(batch, new WriteOptions { Durability = Durability.Buffered });
            }
        }

        done.Cancel();
        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        Assert.Empty(failures);
        Assert.True(db.GetMetrics().FlushCount > 10);
        Assert.Equal(BitConverter.GetBytes(rounds), db.Get(KeyOf(0)));
    }

    private static void CheckOnce(LsmDatabase db, bool useIterator)
    {
        if (useIterator)
        {
            using DbIterator it = db.NewIterator(new IteratorOptions { LowerBound = KeyOf(0), UpperBound = KeyOf(Keys) });
            byte[]? first = null;
            int count = 0;
            for (it.First(); it.Valid; it.Next())
            {
                first ??= it.Value.ToArray();
                Assert.Equal(first, it.Value.ToArray());
                count++;
            }

            Assert.True(count is 0 or Keys, $"iterator saw {count} of {Keys} keys");
            return;
        }

        using Snapshot snapshot = db.GetSnapshot();
        byte[]? expected = db.Get(KeyOf(0), snapshot);
        for (int k = 1; k < Keys; k++)
        {
            Assert.Equal(expected, db.Get(KeyOf(k), snapshot));
        }
    }

    private static byte[] KeyOf(int k) => System.Text.Encoding.ASCII.GetBytes($"~key{k}");
}
