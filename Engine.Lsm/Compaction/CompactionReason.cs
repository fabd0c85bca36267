// Declared in Engine.Api.Events although the file lives in Engine.Lsm/Compaction, a deliberate exception to folder =
// namespace: the picker records it on each job and the public compaction events carry it as it is
// (Engine.Lsm/Events/FlushInfo.cs gives the reason for those).
namespace Engine.Api.Events;

/// <summary>Why a compaction was picked (<see cref="CompactionInfo.Reason"/>).</summary>
public enum CompactionReason
{
    /// <summary>L0 held as many tables as its compaction trigger.</summary>
    L0FileCount,

    /// <summary>A level outgrew its target size.</summary>
    LevelSize,

    /// <summary>Asked for by <c>Database.Compact</c>.</summary>
    Manual,
}
