using System.Diagnostics;
using Engine.Lsm.Batch;
using Engine.Lsm.Options;

namespace Engine.Bench.Kv;

/// <summary>Our multi-threaded workloads: readwhilewriting and fillsync.</summary>
/// <remarks>
/// Each starts its own threads before the clock and joins them before reporting; a worker's failure is rethrown on
/// the calling thread. The store is shared: it is safe for concurrent readers and writers.
/// </remarks>
internal sealed partial class KvWorkloads
{
    /// <summary>
    /// N random gets on this thread, timed and reported, while one writer thread overwrites random keys (with
    /// overwrite's values) as fast as it can. A value read must be fillrandom's or overwrite's for that key.
    /// </summary>
    private void ReadWhileWriting()
    {
        ulong n = _settings.N;
        KeySequence readerKeys = new(KeyTag.ReadWhileWriting, n, _settings.Seed);
        KeySequence writerKeys = new(KeyTag.WhileWritingWriter, n, _settings.Seed);
        LatencyRecorder latency = new(n);
        using CancellationTokenSource stop = new();
        using ManualResetEventSlim writing = new();
        long writerOps = 0;
        double writerSeconds = 0;
        Exception? writerFailure = null;
        Thread writer = new(() =>
        {
            try
            {
                (writerOps, writerSeconds) = WriteUntil(writerKeys, writing, stop.Token);
            }
            catch (Exception ex)
            {
                writerFailure = ex;
                writing.Set();
            }
        })
        { Name = "kv-writer", IsBackground = true };
        writer.Start();
        writing.Wait();

        byte[] overwritten = new byte[KeyGenerator.ValueSize];
        ulong found = 0;
        Timed("readwhilewriting", () =>
        {
            for (ulong i = 0; i < n; i++)
            {
                long opStart = Stopwatch.GetTimestamp();
                ulong x = readerKeys.Next();
                KeyGenerator.MakeKey(x, _key);
                _got.ResetWrittenCount();
                if (Store.TryGet(_key, _got))
                {
                    found++;
                    KeyGenerator.MakeValue(x, KeyTag.FillRandom, _value);
                    if (!_got.WrittenSpan.SequenceEqual(_value))
                    {
                        KeyGenerator.MakeValue(x, KeyTag.Overwrite, overwritten);
                        if (!_got.WrittenSpan.SequenceEqual(overwritten))
                        {
                            Fail("readwhilewriting: wrong value");
                        }
                    }
                }

                latency.RecordSince(opStart);
            }

            return n;
        },
        latency: latency,
        afterClock: () =>
        {
            stop.Cancel();
            writer.Join();
        },
        extras: line => line
            .Add("writer_ops", writerOps)
            .Add("writer_ops_per_sec", writerOps / writerSeconds, 0));

        if (writerFailure is not null)
        {
            throw new InvalidOperationException("readwhilewriting: the writer failed", writerFailure);
        }

        Expect(found == n, $"readwhilewriting: found {found}");
    }

    /// <summary>The writer of readwhilewriting: puts until stopped; returns its op count and its own elapsed time.</summary>
    private (long Ops, double Seconds) WriteUntil(KeySequence keys, ManualResetEventSlim writing, CancellationToken stop)
    {
        byte[] key = new byte[KeyGenerator.KeySize];
        byte[] value = new byte[KeyGenerator.ValueSize];
        using WriteBatch batch = new();
        long ops = 0;
        long start = Stopwatch.GetTimestamp();
        writing.Set();
        while (!stop.IsCancellationRequested)
        {
            ulong x = keys.Next();
            KeyGenerator.MakeKey(x, key);
            KeyGenerator.MakeValue(x, KeyTag.Overwrite, value);
            batch.Put(key, value);
            Store.Write(batch, _writeOptions);
            batch.Clear();
            ops++;
        }

        return (ops, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>
    /// The fillrandom keys and values, written by <c>--threads</c> threads (thread t takes positions t, t + T, ...),
    /// each committing every <c>--batch</c> puts with an fsync, so that concurrent commits can share one. The latency
    /// of each commit is recorded. Afterwards (untimed) a forward pass checks every key and value.
    /// </summary>
    private void FillSync()
    {
        ulong n = _settings.N;
        int threads = _settings.Threads;
        ulong batchSize = _settings.Batch;
        KeySequence keys = new(KeyTag.FillRandom, n, _settings.Seed);
        LatencyRecorder latency = new((n / batchSize) + (ulong)threads);
        LatencyRecorder[] perThread = new LatencyRecorder[threads];
        Thread[] workers = new Thread[threads];
        Exception? failure = null;
        using ManualResetEventSlim go = new();
        for (int t = 0; t < threads; t++)
        {
            ulong first = (ulong)t;
            LatencyRecorder recorder = perThread[t] = new LatencyRecorder((n / (ulong)threads / batchSize) + 2);
            workers[t] = new Thread(() =>
            {
                try
                {
                    go.Wait();
                    SyncedWrites(keys, first, (ulong)threads, recorder);
                }
                catch (Exception ex)
                {
                    Interlocked.CompareExchange(ref failure, ex, null);
                }
            })
            { Name = $"kv-fillsync-{t}", IsBackground = true };
            workers[t].Start();
        }

        Timed("fillsync", () =>
        {
            go.Set();
            foreach (Thread worker in workers)
            {
                worker.Join();
            }

            return n;
        },
        userBytesPerOp: KeyGenerator.KeySize + KeyGenerator.ValueSize,
        latency: latency,
        synced: true,
        afterClock: () =>
        {
            foreach (LatencyRecorder recorder in perThread)
            {
                latency.Append(recorder);
            }
        },
        extras: line => line.Add("threads", threads));

        if (failure is not null)
        {
            throw new InvalidOperationException("fillsync: a writer failed", failure);
        }

        ReadInOrder("fillsync", forward: true);
    }

    private void SyncedWrites(KeySequence keys, ulong first, ulong stride, LatencyRecorder latency)
    {
        byte[] key = new byte[KeyGenerator.KeySize];
        byte[] value = new byte[KeyGenerator.ValueSize];
        using WriteBatch batch = new();
        ulong batchSize = _settings.Batch;
        ulong pending = 0;
        for (ulong i = first; i < _settings.N; i += stride)
        {
            ulong x = keys.At(i);
            KeyGenerator.MakeKey(x, key);
            KeyGenerator.MakeValue(x, KeyTag.FillRandom, value);
            batch.Put(key, value);
            if (++pending == batchSize)
            {
                Commit(batch, latency);
                pending = 0;
            }
        }

        if (pending > 0)
        {
            Commit(batch, latency);
        }
    }

    private void Commit(WriteBatch batch, LatencyRecorder latency)
    {
        long start = Stopwatch.GetTimestamp();
        Store.Write(batch, WriteOptions.Synced);
        latency.RecordSince(start);
        batch.Clear();
    }
}
