// Declared in Engine.Api.Events although the file lives in Engine.Lsm/Events, for the reason given in FlushInfo.cs.
namespace Engine.Api.Events;

/// <summary>Why writers wait (<see cref="StallInfo.Reason"/>).</summary>
public enum StallReason
{
    /// <summary>Too many frozen memtables await flush.</summary>
    MemtableLimit,

    /// <summary>L0 holds as many tables as its stop trigger allows.</summary>
    L0StopTrigger,
}
