namespace Engine.Api.Sync.Store;

/// <summary>
/// Step 4 of the read-resolution cascade, which differs by method (shared/spec/baton-storage.md, section 1.2).
/// </summary>
internal enum ReadDefault
{
    /// <summary>4a: the latest finished full sync, else the latest unfinished sync (7 days). List calls, GetResource, GrantStore pages.</summary>
    LatestFull,

    /// <summary>4b: the latest finished sync of any type, else the latest unfinished one. Other point gets, by-ids, streams.</summary>
    LatestAny,
}
