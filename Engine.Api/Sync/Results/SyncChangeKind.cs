namespace Engine.Api.Sync.Results;

/// <summary>How a record differs between the base and the applied sync of a comparison.</summary>
public enum SyncChangeKind
{
    /// <summary>Only the applied sync has the id: an upsert of the upserts/deletions diff.</summary>
    Added = 0,

    /// <summary>Only the base sync has the id: a deletion of the upserts/deletions diff.</summary>
    Removed = 1,

    /// <summary>Both have the id, and the blob (or a grant's expansion) differs byte for byte: an upsert of the diff.</summary>
    Changed = 2,
}
