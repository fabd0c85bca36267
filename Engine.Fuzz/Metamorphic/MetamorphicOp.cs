using Engine.Lsm.Options;

namespace Engine.Fuzz.Metamorphic;

/// <summary>One operation of a metamorphic log; which fields matter depends on <see cref="Kind"/> (see <see cref="OpKind"/>).</summary>
/// <remarks>
/// Keys and values are kept in their text form, so that operations compare by value and print exactly as parsed:
/// keys as <see cref="KeyText"/>, values as <see cref="ValueToken"/>. Immutable; thread-safe.
/// </remarks>
internal sealed record MetamorphicOp
{
    public required OpKind Kind { get; init; }

    /// <summary>The number of the batch, snapshot, iterator or checkpoint the operation names.</summary>
    public int Handle { get; init; }

    /// <summary>The key; the start of a range; the start of a compaction (null: unbounded).</summary>
    public string? Key { get; init; }

    /// <summary>The exclusive end of a range deletion or of a compaction (null: unbounded).</summary>
    public string? End { get; init; }

    /// <summary>The value token of a put.</summary>
    public string? Value { get; init; }

    /// <summary>How durable a write is when it returns: <see cref="Durability.Flushed"/> unless the log says otherwise.</summary>
    public Durability Durability { get; init; } = Durability.Flushed;

    /// <summary>The bounds of an iterator or scan.</summary>
    public ReadSpec? Read { get; init; }

    /// <summary>The seed of a crash's choice of what survives.</summary>
    public int Seed { get; init; }

    /// <summary>True for the operations that write to the store (and so carry a durability).</summary>
    public bool IsWrite => Kind is OpKind.Put or OpKind.Delete or OpKind.DeleteRange or OpKind.BatchCommit;

    /// <summary>True for the operations whose output goes into the transcript.</summary>
    public bool IsRead => Kind is OpKind.Get or OpKind.SnapshotGet or OpKind.IterFirst or OpKind.IterLast or OpKind.IterSeekGE
        or OpKind.IterSeekLT or OpKind.IterNext or OpKind.IterPrev or OpKind.Scan or OpKind.CheckpointOpen or OpKind.Verify;

    /// <summary>The operation in the log's text form.</summary>
    public override string ToString() => OpLogWriter.Format(this);
}
