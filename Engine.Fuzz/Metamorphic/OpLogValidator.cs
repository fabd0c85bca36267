using Engine.Core.Errors;
using Engine.Lsm.Options;

using StorageException = Engine.Api.StorageException;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Checks that a log can be replayed with one outcome on every option set: handles are opened before use and not
/// reopened while open; ranges are ordered; and a reopen or crash finds no iterator or snapshot open, while a crash
/// also finds every earlier write durable (a synced write since the last open, reopen or crash makes them so).
/// </summary>
/// <remarks>
/// A crash keeps a random part of what is not synced, and what is not synced differs between option sets (their
/// memtables rotate at different writes), so only fully durable states may crash. Stateless; thread-safe.
/// </remarks>
internal static class OpLogValidator
{
    /// <exception cref="StorageException">InvalidArgument, naming the first operation that breaks a rule.</exception>
    public static void Validate(IReadOnlyList<MetamorphicOp> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Dictionary<int, int> batches = [];
        HashSet<int> snapshots = [];
        HashSet<int> iterators = [];
        HashSet<int> checkpoints = [];
        bool unsynced = false;
        for (int index = 0; index < ops.Count; index++)
        {
            MetamorphicOp op = ops[index];

            // The commit of an empty batch writes nothing, and so syncs nothing.
            bool writes = op.Kind != OpKind.BatchCommit || (batches.TryGetValue(op.Handle, out int count) && count > 0);
            string? problem = op.Kind switch
            {
                OpKind.BatchNew => batches.TryAdd(op.Handle, 0) ? null : "the batch is open already",
                OpKind.BatchPut or OpKind.BatchDelete or OpKind.BatchDeleteRange => AddToBatch(batches, op),
                OpKind.BatchCommit or OpKind.BatchAbort => batches.Remove(op.Handle) ? null : "no such batch is open",
                OpKind.SnapshotNew => snapshots.Add(op.Handle) ? null : "the snapshot is open already",
                OpKind.SnapshotGet => snapshots.Contains(op.Handle) ? null : "no such snapshot is open",
                OpKind.SnapshotClose => snapshots.Remove(op.Handle) ? null : "no such snapshot is open",
                OpKind.IterNew => iterators.Contains(op.Handle) ? "the iterator is open already" : CheckRead(op.Read, snapshots) ?? Add(iterators, op.Handle),
                OpKind.IterFirst or OpKind.IterLast or OpKind.IterSeekGE or OpKind.IterSeekLT or OpKind.IterNext or OpKind.IterPrev =>
                    iterators.Contains(op.Handle) ? null : "no such iterator is open",
                OpKind.IterClose => iterators.Remove(op.Handle) ? null : "no such iterator is open",
                OpKind.Scan => CheckRead(op.Read, snapshots),
                OpKind.Checkpoint => checkpoints.Add(op.Handle) ? null : "the checkpoint exists already",
                OpKind.CheckpointOpen => checkpoints.Contains(op.Handle) ? null : "no such checkpoint was taken",
                OpKind.Reopen => iterators.Count + snapshots.Count > 0 ? "iterators or snapshots are open" : null,
                OpKind.Crash => iterators.Count + snapshots.Count > 0 ? "iterators or snapshots are open"
                    : unsynced ? "writes since the last synced write may or may not survive: make the last write synced" : null,
                OpKind.DeleteRange => CheckRange(op, strict: true),
                OpKind.Compact => CheckRange(op, strict: false),
                _ => null,
            };

            if (problem is not null)
            {
                ThrowHelper.ThrowInvalidArgument($"op {index} '{op}': {problem}");
            }

            if (op.IsWrite && writes)
            {
                // A synced write syncs the whole WAL, and so every write before it.
                unsynced = op.Durability != Durability.Synced;
            }
            else if (op.Kind is OpKind.Reopen or OpKind.Crash)
            {
                unsynced = false;
            }
        }
    }

    private static string? AddToBatch(Dictionary<int, int> batches, MetamorphicOp op)
    {
        if (!batches.TryGetValue(op.Handle, out int count))
        {
            return "no such batch is open";
        }

        batches[op.Handle] = count + 1;
        return op.Kind == OpKind.BatchDeleteRange ? CheckRange(op, strict: true) : null;
    }

    private static string? Add(HashSet<int> set, int handle)
    {
        set.Add(handle);
        return null;
    }

    private static string? CheckRead(ReadSpec? read, HashSet<int> snapshots) =>
        read?.Snapshot is int snapshot && !snapshots.Contains(snapshot) ? "no such snapshot is open" : null;

    private static string? CheckRange(MetamorphicOp op, bool strict)
    {
        if (op.Key is null || op.End is null)
        {
            return null;
        }

        int order = KeyText.ToBytes(op.Key).AsSpan().SequenceCompareTo(KeyText.ToBytes(op.End));
        return order > 0 || (strict && order == 0) ? "the range's start is not below its end" : null;
    }
}
