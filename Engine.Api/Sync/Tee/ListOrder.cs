namespace Engine.Api.Sync.Tee;

/// <summary>What order a listing's rows must agree on between the two engines.</summary>
internal enum ListOrder
{
    /// <summary>None: the reference leaves the order unspecified (rowid order on SQLite, key order on ours); compared as multisets.</summary>
    Set,

    /// <summary>Row by row: the reference specifies the order (creation order of syncs, key order of session values).</summary>
    Sequence,

    /// <summary>
    /// Runs of rows with the same group key in the same order, each run a multiset: the grants of several entitlements,
    /// visited by entitlement id in both engines, each entitlement's grants in engine order.
    /// </summary>
    Groups,
}
