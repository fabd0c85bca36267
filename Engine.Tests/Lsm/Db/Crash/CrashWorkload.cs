using System.Collections.Concurrent;
using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// Runs concurrent writers (random batches of puts, deletes and range deletes with mixed durabilities, the odd
/// flush and manual compaction) and a reader holding snapshots and iterators against a store on a
/// <see cref="MemFileSystem"/>, while background flushes and compactions run, and captures the state a crash would
/// leave just before chosen file operations. Not thread-safe: one <see cref="Run"/> per instance.
/// </summary>
internal sealed class CrashWorkload
{
    private const string Directory = "/db";

    private readonly CrashWorkloadSettings _settings;
    private readonly MemFileSystem _files = new();
    private readonly Random _random;
    private readonly Lock _captureLock = new();
    private readonly ConcurrentBag<CommittedBatch> _committed = [];
    private readonly List<CrashCapture> _captures = [];
    private long _operations;
    private int _epoch;

    public CrashWorkload(int seed, CrashWorkloadSettings settings)
    {
        _settings = settings;
        _random = new Random(seed);
    }

    /// <summary>The acknowledged batches in commit (sequence) order; complete once <see cref="Run"/> returns.</summary>
    public IReadOnlyList<CommittedBatch> Committed { get; private set; } = [];

    public IReadOnlyList<CrashCapture> Captures => _captures;

    public void Run()
    {
        FaultInjectingFileSystem fs = new(_files) { BeforeOperation = BeforeOperation };
        int[] writerSeeds = [.. Enumerable.Range(0, _settings.Writers).Select(_ => _random.Next())];
        int readerSeed = _random.Next();
        using (LsmDatabase db = LsmDatabase.Open(fs, Directory, _settings.Options))
        {
            using CancellationTokenSource done = new();
            Task reader = _settings.Readers ? Task.Run(() => Read(db, readerSeed, done.Token)) : Task.CompletedTask;
            Task[] writers = [.. writerSeeds.Select((s, w) => Task.Factory.StartNew(() => Write(db, w, s), TaskCreationOptions.LongRunning))];
            try
            {
                Task.WaitAll(writers);
            }
            finally
            {
                done.Cancel();
                reader.Wait();
            }
        }

        // Closing is part of the run: captures during it count too.
        Committed = [.. _committed.OrderBy(b => b.Sequence)];
    }

    private void BeforeOperation(FileOperationKind kind, string path)
    {
        long operation = Interlocked.Increment(ref _operations);
        lock (_captureLock)
        {
            if (_captures.Count >= _settings.MaxCaptures)
            {
                return;
            }

            bool capture = _settings.CaptureEvery > 0
                ? operation % _settings.CaptureEvery == 0
                : _random.NextDouble() < _settings.CaptureProbability;
            if (!capture)
            {
                return;
            }

            // The epoch moves before the clone: a writer that reads the old epoch after its acknowledgement
            // returned before this clone began.
            int epoch = Interlocked.Increment(ref _epoch);
            CrashOptions crash = DrawCrash(_random);
            _captures.Add(new CrashCapture(_files.CrashClone(crash), epoch, crash, operation, $"{kind} {path}"));
        }
    }

    /// <summary>Power loss keeping nothing unsynced, a process crash keeping everything, or torn and reordered losses.</summary>
    public static CrashOptions DrawCrash(Random random) => random.Next(10) switch
    {
        < 3 => CrashOptions.KeepNone,
        < 5 => CrashOptions.KeepAll,
        < 8 => new CrashOptions { Keep = CrashKeep.Random, Seed = random.Next(), TearLastWrite = true, KeepProbability = random.NextDouble() },
        _ => new CrashOptions { Keep = CrashKeep.Random, Seed = random.Next(), PreserveWriteOrder = false, TearLastWrite = random.Next(2) == 0 },
    };

    private void Write(LsmDatabase db, int writer, int seed)
    {
        Random random = new(seed);
        using WriteBatch batch = new();
        for (int i = 0; i < _settings.BatchesPerWriter; i++)
        {
            int roll = random.Next(200);
            if (roll == 0)
            {
                db.Flush();
                continue;
            }

            if (roll == 1)
            {
                db.CompactRange(null, null);
                continue;
            }

            batch.Clear();
            CrashOp[] ops = new CrashOp[random.Next(1, 5)];
            for (int j = 0; j < ops.Length; j++)
            {
                ops[j] = DrawOp(random, $"w{writer}.{i}.{j}.");
                switch (ops[j].Kind)
                {
                    case CrashOpKind.Put:
                        batch.Put(Encoding.ASCII.GetBytes(ops[j].Key), ops[j].Value);
                        break;
                    case CrashOpKind.Delete:
                        batch.Delete(Encoding.ASCII.GetBytes(ops[j].Key));
                        break;
                    default:
                        batch.DeleteRange(Encoding.ASCII.GetBytes(ops[j].Key), Encoding.ASCII.GetBytes(ops[j].End!));
                        break;
                }
            }

            Durability durability = (Durability)random.Next(3);
            db.Write(batch, new WriteOptions { Durability = durability });
            _committed.Add(new CommittedBatch(batch.Sequence, ops, durability, Volatile.Read(ref _epoch)));
        }
    }

    private CrashOp DrawOp(Random random, string tag)
    {
        int number = random.Next(_settings.KeySpace);
        string key = $"k{number:D4}";
        int roll = random.Next(100);
        if (roll < 70)
        {
            // Mostly small values, a few larger than a block, now and then one larger than a tiny memtable.
            int padding = random.Next(20) == 0 ? random.Next(1000, 6000) : random.Next(0, 120);
            return new CrashOp(CrashOpKind.Put, key, Encoding.ASCII.GetBytes(tag + new string('v', padding)));
        }

        if (roll < 95)
        {
            return new CrashOp(CrashOpKind.Delete, key);
        }

        // [k, k'z) with k' >= k: at least k itself, up to a tenth of the key space.
        return new CrashOp(CrashOpKind.DeleteRange, key, End: $"k{number + random.Next(_settings.KeySpace / 10 + 1):D4}z");
    }

    /// <summary>Holds up to three snapshots with an iterator each, moving them and reading at them until cancelled.</summary>
    private static void Read(LsmDatabase db, int seed, CancellationToken done)
    {
        Random random = new(seed);
        Queue<(Snapshot Snapshot, DbIterator Iterator)> open = new();
        try
        {
            while (!done.IsCancellationRequested)
            {
                if (open.Count < 3 && random.Next(2) == 0)
                {
                    Snapshot snapshot = db.GetSnapshot();
                    DbIterator iterator = db.NewIterator(new IteratorOptions { Snapshot = snapshot });
                    iterator.First();
                    open.Enqueue((snapshot, iterator));
                }
                else if (open.Count > 0)
                {
                    (Snapshot snapshot, DbIterator iterator) = open.Peek();
                    byte[]? previous = iterator.Valid ? iterator.Key.ToArray() : null;
                    for (int step = 0; step < 8 && iterator.Valid; step++)
                    {
                        _ = db.Get(iterator.Key, snapshot);
                        iterator.Next();
                        if (iterator.Valid && previous is not null && iterator.Key.SequenceCompareTo(previous) <= 0)
                        {
                            throw new Xunit.Sdk.XunitException("An iterator went backwards while the store was written.");
                        }

                        previous = iterator.Valid ? iterator.Key.ToArray() : null;
                    }

                    if (!iterator.Valid || random.Next(4) == 0)
                    {
                        open.Dequeue();
                        iterator.Dispose();
                        snapshot.Dispose();
                    }
                }

                Thread.Yield();
            }
        }
        finally
        {
            foreach ((Snapshot snapshot, DbIterator iterator) in open)
            {
                iterator.Dispose();
                snapshot.Dispose();
            }
        }
    }
}
