namespace Engine.Lsm.Compaction;

/// <summary>Why a compaction was picked.</summary>
internal enum CompactionReason
{
    /// <summary>L0 held too many tables.</summary>
    L0FileCount,

    /// <summary>A level outgrew its target size.</summary>
    LevelSize,

    /// <summary>Asked for by <c>CompactRange</c>.</summary>
    Manual,
}
