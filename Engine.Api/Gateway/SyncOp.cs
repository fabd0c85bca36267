namespace Engine.Api.Gateway;

/// <summary>What a pending op does to its record.</summary>
public enum SyncOp : byte
{
    /// <summary>Writes the whole payload; a winning put clears a delete.</summary>
    Put = 0,

    /// <summary>Marks the record deleted; a winning delete writes a tombstone.</summary>
    Delete = 1,
}
