using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;

using VerifyReport = Engine.Api.VerifyReport;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Replays a log on the store under one option set, on a <see cref="MemFileSystem"/>: the store lives in
/// <see cref="StoreDirectory"/>, checkpoint N in <c>/checkpoints/cN</c> beside it.
/// </summary>
/// <remarks>
/// A crash clones the file system as a power loss would leave it (<see cref="CrashOptionsFor"/>: each file keeps a
/// random part of its unsynced writes, the last one torn; directory operations survive at random), closes the old
/// store, and opens the clone. One thread; the store's own background tasks run meanwhile.
/// </remarks>
internal sealed class MetamorphicRunner : IMetamorphicTarget
{
    public const string StoreDirectory = "/db";

    private static readonly WriteOptions s_buffered = new() { Durability = Durability.Buffered };
    private static readonly WriteOptions s_flushed = new() { Durability = Durability.Flushed };
    private static readonly WriteOptions s_synced = new() { Durability = Durability.Synced };

    private readonly LsmOptions _options;
    private readonly Dictionary<int, WriteBatch> _batches = [];
    private readonly Dictionary<int, Snapshot> _snapshots = [];
    private readonly Dictionary<int, DbIterator> _iterators = [];
    private MemFileSystem _fs = new();
    private LsmDatabase _db;

    public MetamorphicRunner(LsmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _db = LsmDatabase.Open(_fs, StoreDirectory, options);
    }

    public static string CheckpointDirectory(int handle) => "/checkpoints/c" + handle.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string? Apply(MetamorphicOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        switch (op.Kind)
        {
            case OpKind.Put:
                _db.Put(Key(op.Key), ValueToken.Expand(op.Value!), WriteOptionsFor(op.Durability));
                return null;
            case OpKind.Delete:
                _db.Delete(Key(op.Key), WriteOptionsFor(op.Durability));
                return null;
            case OpKind.DeleteRange:
                _db.DeleteRange(Key(op.Key), Key(op.End), WriteOptionsFor(op.Durability));
                return null;
            case OpKind.BatchNew:
                _batches.Add(op.Handle, new WriteBatch());
                return null;
            case OpKind.BatchPut:
                _batches[op.Handle].Put(Key(op.Key), ValueToken.Expand(op.Value!));
                return null;
            case OpKind.BatchDelete:
                _batches[op.Handle].Delete(Key(op.Key));
                return null;
            case OpKind.BatchDeleteRange:
                _batches[op.Handle].DeleteRange(Key(op.Key), Key(op.End));
                return null;
            case OpKind.BatchCommit:
                using (WriteBatch batch = Take(_batches, op.Handle))
                {
                    _db.Write(batch, WriteOptionsFor(op.Durability));
                }

                return null;
            case OpKind.BatchAbort:
                Take(_batches, op.Handle).Dispose();
                return null;
            case OpKind.Get:
                return ReadFormat.Get(_db.Get(Key(op.Key)));
            case OpKind.SnapshotNew:
                _snapshots.Add(op.Handle, _db.GetSnapshot());
                return null;
            case OpKind.SnapshotGet:
                return ReadFormat.Get(_db.Get(Key(op.Key), _snapshots[op.Handle]));
            case OpKind.SnapshotClose:
                Take(_snapshots, op.Handle).Dispose();
                return null;
            case OpKind.IterNew:
                _iterators.Add(op.Handle, _db.NewIterator(IteratorOptionsFor(op.Read)));
                return null;
            case OpKind.IterClose:
                Take(_iterators, op.Handle).Dispose();
                return null;
            case OpKind.IterFirst:
            case OpKind.IterLast:
            case OpKind.IterSeekGE:
            case OpKind.IterSeekLT:
            case OpKind.IterNext:
            case OpKind.IterPrev:
                return Move(_iterators[op.Handle], op);
            case OpKind.Scan:
                return Scan(_db, IteratorOptionsFor(op.Read), op.Read?.Reverse == true);
            case OpKind.Flush:
                _db.Flush();
                return null;
            case OpKind.Compact:
                _db.CompactRange(op.Key is null ? null : Key(op.Key), op.End is null ? null : Key(op.End));
                return null;
            case OpKind.Checkpoint:
                _db.Checkpoint(CheckpointDirectory(op.Handle));
                return null;
            case OpKind.CheckpointOpen:
                return OpenCheckpoint(op.Handle);
            case OpKind.Reopen:
                _db.Dispose();
                _db = LsmDatabase.Open(_fs, StoreDirectory, _options);
                return null;
            case OpKind.Crash:
                Crash(op.Seed);
                return null;
            case OpKind.Verify:
                return Describe(_db.Verify());
            case OpKind.WaitIdle:
                _db.WaitForBackgroundIdle();
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "not an operation kind");
        }
    }

    public void Dispose()
    {
        foreach (DbIterator iterator in _iterators.Values)
        {
            iterator.Dispose();
        }

        foreach (Snapshot snapshot in _snapshots.Values)
        {
            snapshot.Dispose();
        }

        foreach (WriteBatch batch in _batches.Values)
        {
            batch.Dispose();
        }

        _iterators.Clear();
        _snapshots.Clear();
        _batches.Clear();
        _db.Dispose();
    }

    private static byte[] Key(string? text) => KeyText.ToBytes(text!);

    private static WriteOptions WriteOptionsFor(Durability durability) => durability switch
    {
        Durability.Buffered => s_buffered,
        Durability.Synced => s_synced,
        _ => s_flushed,
    };

    private static T Take<T>(Dictionary<int, T> handles, int handle)
    {
        handles.Remove(handle, out T? value);
        return value!;
    }

    private IteratorOptions IteratorOptionsFor(ReadSpec? read) => read is null
        ? IteratorOptions.Default
        : new IteratorOptions
        {
            LowerBound = read.Lower is null ? null : Key(read.Lower),
            UpperBound = read.Upper is null ? null : Key(read.Upper),
            Prefix = read.Prefix is null ? null : Key(read.Prefix),
            Snapshot = read.Snapshot is int snapshot ? _snapshots[snapshot] : null,
        };

    private static string Move(DbIterator iterator, MetamorphicOp op)
    {
        switch (op.Kind)
        {
            case OpKind.IterFirst:
                iterator.First();
                break;
            case OpKind.IterLast:
                iterator.Last();
                break;
            case OpKind.IterSeekGE:
                iterator.SeekGE(Key(op.Key));
                break;
            case OpKind.IterSeekLT:
                iterator.SeekLT(Key(op.Key));
                break;
            default:
                // The store refuses to move an unpositioned iterator; the model reads nothing there either.
                if (!iterator.Valid)
                {
                    return ReadFormat.NotPositioned;
                }

                if (op.Kind == OpKind.IterNext)
                {
                    iterator.Next();
                }
                else
                {
                    iterator.Prev();
                }

                break;
        }

        return iterator.Valid ? ReadFormat.Position(iterator.Key, iterator.Value) : ReadFormat.Invalid;
    }

    private static string Scan(LsmDatabase db, IteratorOptions options, bool reverse)
    {
        ScanSummary summary = new();
        using DbIterator iterator = db.NewIterator(options);
        if (reverse)
        {
            for (iterator.Last(); iterator.Valid; iterator.Prev())
            {
                summary.Add(iterator.Key, iterator.Value);
            }
        }
        else
        {
            for (iterator.First(); iterator.Valid; iterator.Next())
            {
                summary.Add(iterator.Key, iterator.Value);
            }
        }

        return summary.ToString();
    }

    private string OpenCheckpoint(int handle)
    {
        using LsmDatabase copy = LsmDatabase.Open(_fs, CheckpointDirectory(handle), _options with { CreateIfMissing = false });
        string scan = Scan(copy, IteratorOptions.Default, reverse: false);
        return scan + " verify=" + Describe(copy.Verify());
    }

    private void Crash(int seed)
    {
        MemFileSystem survivor = _fs.CrashClone(CrashOptionsFor(seed));
        _db.Dispose();
        _fs = survivor;
        _db = LsmDatabase.Open(_fs, StoreDirectory, _options);
    }

    /// <summary>
    /// What a crash keeps, from its seed: a random part of the unsynced state with a torn last write, each pending
    /// operation kept with a random probability, and in one crash of three unsynced writes kept out of order (holes).
    /// </summary>
    public static CrashOptions CrashOptionsFor(int seed)
    {
        Random random = new(seed);
        return new CrashOptions
        {
            Keep = CrashKeep.Random,
            Seed = seed,
            TearLastWrite = true,
            KeepProbability = random.NextDouble(),
            PreserveWriteOrder = random.Next(3) != 0,
        };
    }

    private static string Describe(VerifyReport report) => report.IsHealthy
        ? ReadFormat.VerifyHealthy
        : string.Join("; ", report.Problems.Take(3).Select(p => $"{p.Kind} {p.FilePath}: {p.Message}"));
}
