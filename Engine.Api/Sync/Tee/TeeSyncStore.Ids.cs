using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>What the facades need of the tee's id pairs and paths.</summary>
public sealed partial class TeeSyncStore
{
    /// <summary>Pairs a sync the two stores created in one call; returns a contradiction with an earlier pairing, or null.</summary>
    internal string? LearnSyncId(string primary, string secondary) => _ids.Learn(primary, secondary);

    /// <summary>The secondary's run with the primary's ids (null stays null).</summary>
    internal SyncRunInfo? RunToPrimary(SyncRunInfo? run) => run is null ? null : _ids.ToPrimary(run);

    /// <summary>A session scope naming the secondary's sync (null stays null, for the stores to refuse alike).</summary>
    internal SessionScope SessionToSecondary(SessionScope scope) => scope is null ? scope! : _ids.ToSecondary(scope);

    /// <summary>Where the secondary writes the file the primary writes at <paramref name="path"/>.</summary>
    internal string SecondaryPath(string path) =>
        string.IsNullOrEmpty(path) ? path : _options.SecondaryOutputPath?.Invoke(path) ?? path + ".secondary";

    /// <summary>
    /// The other store of a cross-store operation as each side sees it: a tee gives its primary and its secondary (and its
    /// secondary's id); null (this store) stays null; any other store is given to both.
    /// </summary>
    /// <remarks>
    /// The other tee's pairing of the sync is learned too: a diff names the old sync as its parent, so answers about it
    /// carry the other store's ids.
    /// </remarks>
    internal (ISyncStore? Primary, ISyncStore? Secondary, string SecondaryId) Other(ISyncStore? store, string syncId)
    {
        switch (store)
        {
            case null:
                return (null, null, ToSecondaryId(syncId));
            case TeeSyncStore other:
                string secondaryId = other.ToSecondaryId(syncId);
                if (!string.IsNullOrEmpty(syncId))
                {
                    _ = _ids.Learn(syncId, secondaryId);
                }

                return (other._primary, other._secondary, secondaryId);
            default:
                return (store, store, syncId);
        }
    }

}
