namespace Engine.Lsm.Events;

/// <summary>Why writers wait.</summary>
internal enum StallReason
{
    /// <summary>Too many frozen memtables await flush.</summary>
    MemtableLimit,

    /// <summary>L0 reached its stop trigger.</summary>
    L0StopTrigger,
}
