namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>What one operation of a committed batch does to the key space. Immutable.</summary>
internal enum CrashOpKind
{
    Put,
    Delete,
    DeleteRange,
}

/// <summary>
/// One operation of a batch the crash workload committed: a put of <see cref="Value"/>, a delete, or a range delete
/// of [<see cref="Key"/>, <see cref="End"/>). Keys are ASCII, so ordinal string order is the store's byte order.
/// Immutable.
/// </summary>
internal readonly record struct CrashOp(CrashOpKind Kind, string Key, byte[]? Value = null, string? End = null);
