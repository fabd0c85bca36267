namespace Engine.Api.Sync;

/// <summary>
/// The kind of a sync run (shared/spec/baton-storage.md, section 2.3). The stored form is the reference's string
/// (<see cref="SyncTypes.ToName"/>); <see cref="Any"/> is only a filter wildcard and cannot start a sync.
/// </summary>
public enum SyncType
{
    /// <summary>Any type: a filter wildcard, stored as the empty string.</summary>
    Any = 0,

    /// <summary><c>"full"</c>: a complete snapshot of the connector; no parent; drives retention.</summary>
    Full = 1,

    /// <summary><c>"partial"</c>: a targeted subset, or the output of an additions-only diff (parent = base).</summary>
    Partial = 2,

    /// <summary><c>"resources_only"</c>: resource types and resources only; no parent; retained as a partial.</summary>
    ResourcesOnly = 3,

    /// <summary><c>"partial_upserts"</c>: the rows added or changed between two syncs; parent = the old sync.</summary>
    PartialUpserts = 4,

    /// <summary><c>"partial_deletions"</c>: the rows removed between two syncs; parent = the old sync.</summary>
    PartialDeletions = 5,
}
