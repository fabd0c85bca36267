using System.Diagnostics;
using Engine.Bench.Kv;

namespace Engine.Bench.Local;

/// <summary>
/// The key-value workloads, with the peers rig's keys and values (16-byte keys, 100-byte values): per-operation
/// latencies of gets, overwrites and deletes over preloaded keys, and the rate of puts in batches of 1,000.
/// </summary>
internal sealed partial class LocalWorkloads
{
    /// <summary>
    /// Preloads <see cref="LocalSizes.Keys"/> keys in batches and settles them; then times, one operation at a time, gets
    /// of random present keys, overwrites of random keys, and deletes of distinct present keys.
    /// </summary>
    private async Task<List<Measured>> KeyValueLatencyAsync(ILocalTarget target)
    {
        int keys = _sizes.Keys;
        int operations = _sizes.Operations;
        byte[][] batchKeys = Arrays(LocalSizes.BatchSize, KeyGenerator.KeySize);
        byte[][] batchValues = Arrays(LocalSizes.BatchSize, LocalSizes.ValueSize);
        for (int first = 0; first < keys; first += LocalSizes.BatchSize)
        {
            int count = Math.Min(LocalSizes.BatchSize, keys - first);
            if (count < LocalSizes.BatchSize)
            {
                (batchKeys, batchValues) = (batchKeys[..count], batchValues[..count]);
            }

            for (int i = 0; i < count; i++)
            {
                KeyGenerator.MakeKey((ulong)(first + i), batchKeys[i]);
                KeyGenerator.MakeValue((ulong)(first + i), KeyTag.FillSeq, batchValues[i]);
            }

            await target.PutBatchAsync(batchKeys, batchValues).ConfigureAwait(false);
        }

        target.Settle();
        byte[] key = new byte[KeyGenerator.KeySize];
        byte[] value = new byte[LocalSizes.ValueSize];
        SplitMix64 rng = new(1);
        LatencyRecorder gets = new((ulong)operations);
        int found = 0;
        for (int i = 0; i < operations; i++)
        {
            KeyGenerator.MakeKey(rng.Next() % (ulong)keys, key);
            long start = Stopwatch.GetTimestamp();
            found += await target.GetAsync(key).ConfigureAwait(false) ? 1 : 0;
            gets.RecordSince(start);
        }

        Check(target.Name, "gets that found their key", operations, found);
        LatencyRecorder puts = new((ulong)operations);
        for (int i = 0; i < operations; i++)
        {
            ulong x = rng.Next() % (ulong)keys;
            KeyGenerator.MakeKey(x, key);
            KeyGenerator.MakeValue(x, KeyTag.Overwrite, value);
            long start = Stopwatch.GetTimestamp();
            await target.PutAsync(key, value).ConfigureAwait(false);
            puts.RecordSince(start);
        }

        // Distinct keys spread over the whole key space, each present, so every delete removes something.
        LatencyRecorder deletes = new((ulong)operations);
        ulong stride = (ulong)(keys / operations);
        int deleted = 0;
        for (int i = 0; i < operations; i++)
        {
            KeyGenerator.MakeKey((ulong)i * stride, key);
            long start = Stopwatch.GetTimestamp();
            deleted += await target.DeleteAsync(key).ConfigureAwait(false) ? 1 : 0;
            deletes.RecordSince(start);
        }

        Check(target.Name, "deletes that found their key", operations, deleted);
        List<Measured> figures = [];
        foreach ((string operation, LatencyRecorder latencies) in (ReadOnlySpan<(string, LatencyRecorder)>)[("get", gets), ("put", puts), ("delete", deletes)])
        {
            (double p50, double p99, _) = latencies.Percentiles();
            figures.Add(Measured.Micros(operation, "p50", p50));
            figures.Add(Measured.Micros(operation, "p99", p99));
        }

        return figures;
    }

    /// <summary>Times <see cref="LocalSizes.BatchPuts"/> puts of random new keys, each batch of 1,000 one atomic commit.</summary>
    private async Task<List<Measured>> BatchAsync(ILocalTarget target)
    {
        byte[][] keys = Arrays(LocalSizes.BatchSize, KeyGenerator.KeySize);
        byte[][] values = Arrays(LocalSizes.BatchSize, LocalSizes.ValueSize);
        SplitMix64 rng = new(2);

        // Above the preloaded keys (the encryption workload runs this on the store the latencies used).
        ulong space = (ulong)_sizes.BatchPuts * 10;
        long ticks = 0;
        for (int batch = 0; batch < _sizes.BatchPuts / LocalSizes.BatchSize; batch++)
        {
            for (int i = 0; i < LocalSizes.BatchSize; i++)
            {
                ulong x = (ulong)_sizes.Keys + (rng.Next() % space);
                KeyGenerator.MakeKey(x, keys[i]);
                KeyGenerator.MakeValue(x, KeyTag.FillRandom, values[i]);
            }

            long start = Stopwatch.GetTimestamp();
            await target.PutBatchAsync(keys, values).ConfigureAwait(false);
            ticks += Stopwatch.GetTimestamp() - start;
        }

        return [Measured.Rate("puts_per_s", "puts/s in 1,000-put batches", _sizes.BatchPuts, ticks / (double)Stopwatch.Frequency)];
    }

    private static byte[][] Arrays(int count, int length) => [.. Enumerable.Range(0, count).Select(_ => new byte[length])];
}
