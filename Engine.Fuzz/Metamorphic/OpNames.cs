namespace Engine.Fuzz.Metamorphic;

/// <summary>The name each <see cref="OpKind"/> has in the log's text form, both ways.</summary>
/// <remarks>Immutable tables; thread-safe.</remarks>
internal static class OpNames
{
    private static readonly (OpKind Kind, string Name)[] s_names =
    [
        (OpKind.Put, "put"),
        (OpKind.Delete, "delete"),
        (OpKind.DeleteRange, "delete-range"),
        (OpKind.BatchNew, "batch.new"),
        (OpKind.BatchPut, "batch.put"),
        (OpKind.BatchDelete, "batch.delete"),
        (OpKind.BatchDeleteRange, "batch.delete-range"),
        (OpKind.BatchCommit, "batch.commit"),
        (OpKind.BatchAbort, "batch.abort"),
        (OpKind.Get, "get"),
        (OpKind.SnapshotNew, "snap.new"),
        (OpKind.SnapshotGet, "snap.get"),
        (OpKind.SnapshotClose, "snap.close"),
        (OpKind.IterNew, "iter.new"),
        (OpKind.IterFirst, "iter.first"),
        (OpKind.IterLast, "iter.last"),
        (OpKind.IterSeekGE, "iter.seekge"),
        (OpKind.IterSeekLT, "iter.seeklt"),
        (OpKind.IterNext, "iter.next"),
        (OpKind.IterPrev, "iter.prev"),
        (OpKind.IterClose, "iter.close"),
        (OpKind.Scan, "scan"),
        (OpKind.Flush, "flush"),
        (OpKind.Compact, "compact"),
        (OpKind.Checkpoint, "checkpoint"),
        (OpKind.CheckpointOpen, "checkpoint.open"),
        (OpKind.Reopen, "reopen"),
        (OpKind.Crash, "crash"),
        (OpKind.Verify, "verify"),
        (OpKind.WaitIdle, "wait-idle"),
    ];

    private static readonly Dictionary<string, OpKind> s_byName = s_names.ToDictionary(n => n.Name, n => n.Kind, StringComparer.Ordinal);

    /// <summary>Every kind, in declaration order.</summary>
    public static IEnumerable<OpKind> AllKinds => s_names.Select(n => n.Kind);

    public static string Of(OpKind kind) => s_names[(int)kind].Name;

    public static bool TryParse(string name, out OpKind kind) => s_byName.TryGetValue(name, out kind);
}
