namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// The kinds of operation in a metamorphic operation log, each with its text form (<see cref="OpLogWriter"/>) in the
/// comment. <c>K</c> is a key, <c>V</c> a value token (<see cref="ValueToken"/>), <c>D</c> an optional durability
/// (<c>buffered</c> or <c>synced</c>; flushed when absent), <c>R</c> optional read bounds
/// (<c>lower=K upper=K prefix=K snap=sN</c>).
/// </summary>
/// <remarks>A plain enum; thread-safe.</remarks>
internal enum OpKind
{
    /// <summary><c>put K V D</c></summary>
    Put,

    /// <summary><c>delete K D</c></summary>
    Delete,

    /// <summary><c>delete-range K K D</c>: deletes [start, end).</summary>
    DeleteRange,

    /// <summary><c>batch.new bN</c>: starts an empty batch.</summary>
    BatchNew,

    /// <summary><c>batch.put bN K V</c></summary>
    BatchPut,

    /// <summary><c>batch.delete bN K</c></summary>
    BatchDelete,

    /// <summary><c>batch.delete-range bN K K</c></summary>
    BatchDeleteRange,

    /// <summary><c>batch.commit bN D</c>: writes the batch atomically and discards it.</summary>
    BatchCommit,

    /// <summary><c>batch.abort bN</c>: discards the batch unwritten.</summary>
    BatchAbort,

    /// <summary><c>get K</c>: a read of the latest state.</summary>
    Get,

    /// <summary><c>snap.new sN</c>: pins the current state.</summary>
    SnapshotNew,

    /// <summary><c>snap.get sN K</c>: a read at the snapshot.</summary>
    SnapshotGet,

    /// <summary><c>snap.close sN</c></summary>
    SnapshotClose,

    /// <summary><c>iter.new itN R</c>: an iterator, unpositioned, over the state at this point (or at the snapshot).</summary>
    IterNew,

    /// <summary><c>iter.first itN</c></summary>
    IterFirst,

    /// <summary><c>iter.last itN</c></summary>
    IterLast,

    /// <summary><c>iter.seekge itN K</c></summary>
    IterSeekGE,

    /// <summary><c>iter.seeklt itN K</c></summary>
    IterSeekLT,

    /// <summary><c>iter.next itN</c>; on an unpositioned iterator it reads nothing and says so.</summary>
    IterNext,

    /// <summary><c>iter.prev itN</c>; on an unpositioned iterator it reads nothing and says so.</summary>
    IterPrev,

    /// <summary><c>iter.close itN</c></summary>
    IterClose,

    /// <summary><c>scan R [reverse]</c>: a whole iteration, summarised in one line.</summary>
    Scan,

    /// <summary><c>flush</c>: the memtable to a table, waiting for it.</summary>
    Flush,

    /// <summary><c>compact K|* K|*</c>: a manual compaction of [start, end], <c>*</c> unbounded.</summary>
    Compact,

    /// <summary><c>checkpoint cN</c>: a checkpoint into a new directory.</summary>
    Checkpoint,

    /// <summary><c>checkpoint.open cN</c>: opens a store on the checkpoint, scans and verifies it, closes it.</summary>
    CheckpointOpen,

    /// <summary><c>reopen</c>: closes and reopens the store; no iterator or snapshot may be open.</summary>
    Reopen,

    /// <summary>
    /// <c>crash SEED</c>: keeps a seeded random part of the unsynced file-system state, drops the rest, and reopens.
    /// No iterator or snapshot may be open, and every write since the last open must be made durable by a synced one.
    /// </summary>
    Crash,

    /// <summary><c>verify</c>: the store check, whose report must be clean.</summary>
    Verify,

    /// <summary><c>wait-idle</c>: waits until no flush or compaction is due.</summary>
    WaitIdle,
}
