using System.Diagnostics;
using Engine.Lsm.Batch;

namespace Engine.Bench.Kv;

/// <summary>The rig's write workloads: fillseq, fillrandom, overwrite, deleterandom.</summary>
/// <remarks>Runs on the calling thread only.</remarks>
internal sealed partial class KvWorkloads
{
    /// <summary>
    /// N puts (or deletes) of the tag's key sequence, collected into one batch that is committed every
    /// <c>--batch</c> ops and once more at the end, exactly as the rig's loop.
    /// </summary>
    private void Write(string workload, KeyTag tag, bool delete)
    {
        ulong n = _settings.N;
        KeySequence keys = new(tag, n, _settings.Seed);
        LatencyRecorder? latency = RigLatency(n);
        using WriteBatch batch = new();
        long userBytesPerOp = KeyGenerator.KeySize + (delete ? 0 : KeyGenerator.ValueSize);
        Timed(workload, () => WriteLoop(keys, tag, delete, batch, latency), userBytesPerOp, latency);
    }

    private ulong WriteLoop(KeySequence keys, KeyTag tag, bool delete, WriteBatch batch, LatencyRecorder? latency)
    {
        ulong n = _settings.N;
        ulong batchSize = _settings.Batch;
        ulong pending = 0;
        for (ulong i = 0; i < n; i++)
        {
            // A predictable branch per op when latency is off; the clock is read only when it is on.
            long opStart = latency is null ? 0 : Stopwatch.GetTimestamp();
            ulong x = keys.Next();
            KeyGenerator.MakeKey(x, _key);
            if (delete)
            {
                batch.Delete(_key);
            }
            else
            {
                KeyGenerator.MakeValue(x, tag, _value);
                batch.Put(_key, _value);
            }

            if (++pending == batchSize)
            {
                Store.Write(batch, _writeOptions);
                batch.Clear();
                pending = 0;
            }

            latency?.RecordSince(opStart);
        }

        if (pending > 0)
        {
            Store.Write(batch, _writeOptions);
            batch.Clear();
        }

        return n;
    }
}
