using System.Globalization;
using Engine.Lsm.Options;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Writes random, valid operation logs (<see cref="OpLogValidator"/>) from a seed: one seed, one log.
/// </summary>
/// <remarks>
/// <para>
/// Keys come from a small space drawn per log (<c>k0000</c> up to a few thousand, a quarter of picks from a hot
/// handful so keys gather many versions under snapshots), with some extended (<c>k0042.7</c>, <c>k0042%FF</c>) so
/// that prefixes, bounds and range deletions meet keys that share prefixes. Values range from empty to 20 KiB, past
/// every block size the option sets use. Weights favour iterator movements, snapshot reads and batches.
/// </para>
/// <para>
/// Before a reopen or a crash the generator closes every iterator and snapshot; before a crash it makes the last
/// write synced, writing one if needed. A trailing full scan and a store check end every log. One thread.
/// </para>
/// </remarks>
internal sealed partial class MetamorphicGenerator
{
    private const int MaxOpenIterators = 5;
    private const int MaxOpenSnapshots = 5;
    private const int MaxOpenBatches = 2;
    private const int MaxBatchOps = 24;
    private const int MaxCheckpoints = 4;

    /// <summary>How often each kind is picked, relative to the others; iterators, snapshots and batches dominate the reads.</summary>
    private static readonly (OpKind Kind, double Weight)[] s_weights =
    [
        (OpKind.Put, 18), (OpKind.Delete, 4), (OpKind.DeleteRange, 1.2),
        (OpKind.BatchNew, 2), (OpKind.BatchPut, 5), (OpKind.BatchDelete, 1.5), (OpKind.BatchDeleteRange, 0.5),
        (OpKind.BatchCommit, 2.5), (OpKind.BatchAbort, 0.3),
        (OpKind.Get, 8), (OpKind.SnapshotNew, 1.5), (OpKind.SnapshotGet, 5), (OpKind.SnapshotClose, 1.2),
        (OpKind.IterNew, 3), (OpKind.IterFirst, 2), (OpKind.IterLast, 1.5), (OpKind.IterSeekGE, 4), (OpKind.IterSeekLT, 3),
        (OpKind.IterNext, 9), (OpKind.IterPrev, 6), (OpKind.IterClose, 2), (OpKind.Scan, 2),
        (OpKind.Flush, 0.8), (OpKind.Compact, 0.3), (OpKind.Checkpoint, 0.15), (OpKind.CheckpointOpen, 0.15),
        (OpKind.Reopen, 0.25), (OpKind.Crash, 0.25), (OpKind.Verify, 0.2), (OpKind.WaitIdle, 0.1),
    ];

    private static readonly double s_totalWeight = s_weights.Sum(w => w.Weight);

    private readonly Random _random;
    private readonly int _seed;
    private readonly int _keySpace;
    private readonly int[] _hotKeys;
    private readonly List<MetamorphicOp> _ops = [];
    private readonly Dictionary<int, int> _batches = [];
    private readonly List<int> _snapshots = [];
    private readonly List<int> _iterators = [];
    private readonly HashSet<int> _positioned = [];
    private readonly string[] _recentKeys = new string[64];
    private int _recentCount;
    private readonly List<int> _checkpoints = [];
    private int _nextHandle;
    private int _nextValue;
    private bool _unsynced;

    public MetamorphicGenerator(int seed)
    {
        _seed = seed;
        _random = new Random(seed);
        _keySpace = _random.Next(3) switch
        {
            0 => _random.Next(20, 100),
            1 => _random.Next(100, 500),
            _ => _random.Next(500, 1500),
        };
        _hotKeys = [.. Enumerable.Range(0, 12).Select(_ => _random.Next(_keySpace))];
    }

    /// <summary>A log of about <paramref name="operations"/> operations (a few more end it), seeded with the generator's seed.</summary>
    public OpLog Generate(int operations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(operations);
        while (_ops.Count < operations)
        {
            Step();
        }

        Emit(new MetamorphicOp { Kind = OpKind.Scan });
        Emit(new MetamorphicOp { Kind = OpKind.Verify });
        return new OpLog([.. _ops]) { Seed = _seed };
    }

    private void Step()
    {
        OpKind kind = PickKind();
        switch (kind)
        {
            case OpKind.Put:
                Emit(new MetamorphicOp { Kind = kind, Key = Key(), Value = Value(), Durability = PickDurability() });
                break;
            case OpKind.Delete:
                Emit(new MetamorphicOp { Kind = kind, Key = ReadKey(), Durability = PickDurability() });
                break;
            case OpKind.DeleteRange:
                (string start, string end) = Range();
                Emit(new MetamorphicOp { Kind = kind, Key = start, End = end, Durability = PickDurability() });
                break;
            case OpKind.BatchNew:
                if (_batches.Count >= MaxOpenBatches)
                {
                    Emit(new MetamorphicOp { Kind = OpKind.BatchCommit, Handle = Pick(_batches.Keys), Durability = PickDurability() });
                    break;
                }

                Emit(new MetamorphicOp { Kind = kind, Handle = NewHandle() });
                break;
            case OpKind.BatchPut or OpKind.BatchDelete or OpKind.BatchDeleteRange or OpKind.BatchCommit or OpKind.BatchAbort:
                StepBatch(kind);
                break;
            case OpKind.Get:
                Emit(new MetamorphicOp { Kind = kind, Key = ReadKey() });
                break;
            case OpKind.SnapshotNew:
                Emit(_snapshots.Count >= MaxOpenSnapshots
                    ? new MetamorphicOp { Kind = OpKind.SnapshotClose, Handle = Pick(_snapshots) }
                    : new MetamorphicOp { Kind = kind, Handle = NewHandle() });
                break;
            case OpKind.SnapshotGet or OpKind.SnapshotClose:
                Emit(_snapshots.Count == 0
                    ? new MetamorphicOp { Kind = OpKind.SnapshotNew, Handle = NewHandle() }
                    : new MetamorphicOp { Kind = kind, Handle = Pick(_snapshots), Key = kind == OpKind.SnapshotGet ? ReadKey() : null });
                break;
            case OpKind.IterNew:
                Emit(_iterators.Count >= MaxOpenIterators
                    ? new MetamorphicOp { Kind = OpKind.IterClose, Handle = Pick(_iterators) }
                    : new MetamorphicOp { Kind = kind, Handle = NewHandle(), Read = ReadSpec(scan: false) });
                break;
            case OpKind.IterFirst or OpKind.IterLast or OpKind.IterNext or OpKind.IterPrev or OpKind.IterClose or OpKind.IterSeekGE or OpKind.IterSeekLT:
                StepIterator(kind);
                break;
            case OpKind.Scan:
                Emit(new MetamorphicOp { Kind = kind, Read = ReadSpec(scan: true) });
                break;
            case OpKind.Compact:
                (string? from, string? to) = CompactRange();
                Emit(new MetamorphicOp { Kind = kind, Key = from, End = to });
                break;
            case OpKind.Checkpoint or OpKind.CheckpointOpen:
                StepCheckpoint(kind);
                break;
            case OpKind.Reopen or OpKind.Crash:
                StepRestart(kind);
                break;
            default:
                Emit(new MetamorphicOp { Kind = kind });
                break;
        }
    }

    private void StepBatch(OpKind kind)
    {
        if (_batches.Count == 0)
        {
            Emit(new MetamorphicOp { Kind = OpKind.BatchNew, Handle = NewHandle() });
            return;
        }

        int handle = Pick(_batches.Keys);
        if (_batches[handle] >= MaxBatchOps)
        {
            kind = OpKind.BatchCommit;
        }

        switch (kind)
        {
            case OpKind.BatchPut:
                Emit(new MetamorphicOp { Kind = kind, Handle = handle, Key = Key(), Value = Value() });
                break;
            case OpKind.BatchDelete:
                Emit(new MetamorphicOp { Kind = kind, Handle = handle, Key = Key() });
                break;
            case OpKind.BatchDeleteRange:
                (string start, string end) = Range();
                Emit(new MetamorphicOp { Kind = kind, Handle = handle, Key = start, End = end });
                break;
            case OpKind.BatchCommit:
                Emit(new MetamorphicOp { Kind = kind, Handle = handle, Durability = PickDurability() });
                break;
            default:
                Emit(new MetamorphicOp { Kind = kind, Handle = handle });
                break;
        }
    }

    private void StepIterator(OpKind kind)
    {
        if (_iterators.Count == 0)
        {
            Emit(new MetamorphicOp { Kind = OpKind.IterNew, Handle = NewHandle(), Read = ReadSpec(scan: false) });
            return;
        }

        int handle = Pick(_iterators);
        if ((kind is OpKind.IterNext or OpKind.IterPrev) && !_positioned.Contains(handle))
        {
            // A step from nowhere reads nothing; an iterator is mostly positioned first (the rest test that edge).
            kind = _random.Next(8) switch
            {
                0 => kind,
                1 or 2 => OpKind.IterFirst,
                3 => OpKind.IterLast,
                4 or 5 => OpKind.IterSeekGE,
                _ => OpKind.IterSeekLT,
            };
        }

        Emit(new MetamorphicOp { Kind = kind, Handle = handle, Key = kind is OpKind.IterSeekGE or OpKind.IterSeekLT ? SeekKey() : null });
    }

    private void StepCheckpoint(OpKind kind)
    {
        bool take = _checkpoints.Count == 0 || (kind == OpKind.Checkpoint && _checkpoints.Count < MaxCheckpoints);
        Emit(take
            ? new MetamorphicOp { Kind = OpKind.Checkpoint, Handle = NewHandle() }
            : new MetamorphicOp { Kind = OpKind.CheckpointOpen, Handle = Pick(_checkpoints) });
    }

    private void StepRestart(OpKind kind)
    {
        foreach (int iterator in _iterators.ToArray())
        {
            Emit(new MetamorphicOp { Kind = OpKind.IterClose, Handle = iterator });
        }

        foreach (int snapshot in _snapshots.ToArray())
        {
            Emit(new MetamorphicOp { Kind = OpKind.SnapshotClose, Handle = snapshot });
        }

        if (kind == OpKind.Crash && _unsynced)
        {
            Emit(new MetamorphicOp { Kind = OpKind.Put, Key = Key(), Value = Value(), Durability = Durability.Synced });
        }

        Emit(new MetamorphicOp { Kind = kind, Seed = kind == OpKind.Crash ? _random.Next() : 0 });
    }

    /// <summary>Appends <paramref name="op"/> and keeps the generator's view of open handles in step with it.</summary>
    private void Emit(MetamorphicOp op)
    {
        switch (op.Kind)
        {
            case OpKind.BatchNew:
                _batches.Add(op.Handle, 0);
                break;
            case OpKind.BatchPut or OpKind.BatchDelete or OpKind.BatchDeleteRange:
                _batches[op.Handle]++;
                if (op.Kind == OpKind.BatchPut)
                {
                    _recentKeys[_recentCount++ % _recentKeys.Length] = op.Key!;
                }

                break;
            case OpKind.BatchCommit:
                if (_batches[op.Handle] > 0)
                {
                    _unsynced = op.Durability != Durability.Synced;
                }

                _batches.Remove(op.Handle);
                break;
            case OpKind.BatchAbort:
                _batches.Remove(op.Handle);
                break;
            case OpKind.Put or OpKind.Delete or OpKind.DeleteRange:
                _unsynced = op.Durability != Durability.Synced;
                if (op.Kind == OpKind.Put)
                {
                    _recentKeys[_recentCount++ % _recentKeys.Length] = op.Key!;
                }

                break;
            case OpKind.SnapshotNew:
                _snapshots.Add(op.Handle);
                break;
            case OpKind.SnapshotClose:
                _snapshots.Remove(op.Handle);
                break;
            case OpKind.IterNew:
                _iterators.Add(op.Handle);
                break;
            case OpKind.IterClose:
                _iterators.Remove(op.Handle);
                _positioned.Remove(op.Handle);
                break;
            case OpKind.IterFirst or OpKind.IterLast or OpKind.IterSeekGE or OpKind.IterSeekLT:
                _positioned.Add(op.Handle);
                break;
            case OpKind.Checkpoint:
                _checkpoints.Add(op.Handle);
                break;
            case OpKind.Reopen or OpKind.Crash:
                _unsynced = false;
                break;
        }

        _ops.Add(op);
    }

    private int NewHandle() => ++_nextHandle;

    private int Pick(IEnumerable<int> handles)
    {
        int[] all = [.. handles];
        return all[_random.Next(all.Length)];
    }

    private Durability PickDurability() => _random.Next(100) switch
    {
        < 12 => Durability.Buffered,
        < 20 => Durability.Synced,
        _ => Durability.Flushed,
    };

    private string Value()
    {
        if (_random.Next(40) == 0)
        {
            return ValueToken.Empty;
        }

        int length = _random.Next(100) switch
        {
            < 55 => _random.Next(0, 25),
            < 80 => _random.Next(25, 400),
            < 93 => _random.Next(400, 4000),
            _ => _random.Next(4000, 20_000),
        };
        return ValueToken.Of(_nextValue++, length);
    }

    private static string Number(int index) => index.ToString("D4", CultureInfo.InvariantCulture);
}
