namespace Engine.Lsm.Compaction;

/// <summary>What a <see cref="CompactionFilter"/> decides for one value.</summary>
internal enum CompactionDecision
{
    /// <summary>The value is written unchanged.</summary>
    Keep = 0,

    /// <summary>The value is replaced by a point tombstone with its sequence number.</summary>
    Remove = 1,
}
