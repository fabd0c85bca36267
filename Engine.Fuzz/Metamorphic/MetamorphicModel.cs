using System.Collections.Immutable;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// The model a log's transcript must match: an immutable sorted dictionary per point in time, so that snapshots,
/// iterators and checkpoints keep theirs for free. Durability plays no part: the log only crashes when everything is
/// durable (<see cref="OpLogValidator"/>), so a reopen or a crash changes nothing.
/// </summary>
/// <remarks>One thread.</remarks>
internal sealed class MetamorphicModel : IMetamorphicTarget
{
    private readonly Dictionary<int, List<MetamorphicOp>> _batches = [];
    private readonly Dictionary<int, ImmutableSortedDictionary<byte[], byte[]>> _snapshots = [];
    private readonly Dictionary<int, ModelIterator> _iterators = [];
    private readonly Dictionary<int, ImmutableSortedDictionary<byte[], byte[]>> _checkpoints = [];
    private ImmutableSortedDictionary<byte[], byte[]> _state = ImmutableSortedDictionary.Create<byte[], byte[]>(BytewiseComparer.Instance);

    public string? Apply(MetamorphicOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        switch (op.Kind)
        {
            case OpKind.Put:
            case OpKind.Delete:
            case OpKind.DeleteRange:
                _state = ApplyWrite(_state, op);
                return null;
            case OpKind.BatchNew:
                _batches[op.Handle] = [];
                return null;
            case OpKind.BatchPut:
            case OpKind.BatchDelete:
            case OpKind.BatchDeleteRange:
                _batches[op.Handle].Add(op);
                return null;
            case OpKind.BatchCommit:
                foreach (MetamorphicOp write in _batches[op.Handle])
                {
                    _state = ApplyWrite(_state, write);
                }

                _batches.Remove(op.Handle);
                return null;
            case OpKind.BatchAbort:
                _batches.Remove(op.Handle);
                return null;
            case OpKind.Get:
                return ReadFormat.Get(_state.GetValueOrDefault(KeyText.ToBytes(op.Key!)));
            case OpKind.SnapshotNew:
                _snapshots[op.Handle] = _state;
                return null;
            case OpKind.SnapshotGet:
                return ReadFormat.Get(_snapshots[op.Handle].GetValueOrDefault(KeyText.ToBytes(op.Key!)));
            case OpKind.SnapshotClose:
                _snapshots.Remove(op.Handle);
                return null;
            case OpKind.IterNew:
                _iterators[op.Handle] = new ModelIterator(StateFor(op.Read), op.Read);
                return null;
            case OpKind.IterClose:
                _iterators.Remove(op.Handle);
                return null;
            case OpKind.IterFirst:
            case OpKind.IterLast:
            case OpKind.IterSeekGE:
            case OpKind.IterSeekLT:
            case OpKind.IterNext:
            case OpKind.IterPrev:
                return Move(_iterators[op.Handle], op);
            case OpKind.Scan:
                return Scan(new ModelIterator(StateFor(op.Read), op.Read), op.Read?.Reverse == true);
            case OpKind.Checkpoint:
                _checkpoints[op.Handle] = _state;
                return null;
            case OpKind.CheckpointOpen:
                return Scan(new ModelIterator(_checkpoints[op.Handle], null), reverse: false) + " verify=" + ReadFormat.VerifyHealthy;
            case OpKind.Verify:
                return ReadFormat.VerifyHealthy;
            default:
                // Flush, compact, reopen, crash and wait-idle change how the store holds its data, not what it holds.
                return null;
        }
    }

    public void Dispose()
    {
        // Holds nothing but memory.
    }

    private ImmutableSortedDictionary<byte[], byte[]> StateFor(ReadSpec? read) =>
        read?.Snapshot is int snapshot ? _snapshots[snapshot] : _state;

    private static string Move(ModelIterator iterator, MetamorphicOp op)
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
                iterator.SeekGE(KeyText.ToBytes(op.Key!));
                break;
            case OpKind.IterSeekLT:
                iterator.SeekLT(KeyText.ToBytes(op.Key!));
                break;
            default:
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

        return iterator.Describe();
    }

    private static string Scan(ModelIterator iterator, bool reverse)
    {
        ScanSummary summary = new();
        IEnumerable<KeyValuePair<byte[], byte[]>> entries = reverse ? iterator.Entries.Reverse() : iterator.Entries;
        foreach (KeyValuePair<byte[], byte[]> entry in entries)
        {
            summary.Add(entry.Key, entry.Value);
        }

        return summary.ToString();
    }

    private static ImmutableSortedDictionary<byte[], byte[]> ApplyWrite(ImmutableSortedDictionary<byte[], byte[]> state, MetamorphicOp op)
    {
        switch (op.Kind)
        {
            case OpKind.Put:
            case OpKind.BatchPut:
                return state.SetItem(KeyText.ToBytes(op.Key!), ValueToken.Expand(op.Value!));
            case OpKind.Delete:
            case OpKind.BatchDelete:
                return state.Remove(KeyText.ToBytes(op.Key!));
            default:
                byte[] start = KeyText.ToBytes(op.Key!);
                byte[] end = KeyText.ToBytes(op.End!);
                List<byte[]> doomed = [.. state.Keys.Where(k => k.AsSpan().SequenceCompareTo(start) >= 0 && k.AsSpan().SequenceCompareTo(end) < 0)];
                return state.RemoveRange(doomed);
        }
    }
}
