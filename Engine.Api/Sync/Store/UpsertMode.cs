namespace Engine.Api.Sync.Store;

/// <summary>How a write treats a record that already exists under its id in the sync.</summary>
internal enum UpsertMode
{
    /// <summary>Put*: replace the blob (and a grant's expansion by the CASE rules); keep discovered_at and side columns.</summary>
    Replace,

    /// <summary>Put*IfNewer: as Replace, and discovered_at too, but only when the incoming record was discovered later.</summary>
    IfNewer,

    /// <summary>StoreExpandedGrants: replace the blob; keep discovered_at, side columns and the expansion state.</summary>
    PreserveExpansion,
}
