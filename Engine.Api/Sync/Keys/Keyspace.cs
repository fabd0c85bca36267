namespace Engine.Api.Sync.Keys;

/// <summary>
/// The first byte of every key of a sync store: which kind of record or index the key belongs to. Drawn in
/// docs/format/keyspace.md; the values are an on-disk ABI and never change meaning.
/// </summary>
/// <remarks>
/// Every keyspace from <see cref="SyncRun"/> up is sync-scoped: its keys continue with the sync's 20-byte KSUID, so a
/// sync's data is contiguous in each keyspace and deleting a sync is one range deletion per keyspace.
/// <see cref="Meta"/> and <see cref="SyncOrder"/> are global.
/// </remarks>
internal enum Keyspace : byte
{
    /// <summary>Store-global stamps (format version); survive sync deletion.</summary>
    Meta = 0x01,

    /// <summary>Creation order of syncs: a big-endian sequence number to the sync id; deleted with the sync.</summary>
    SyncOrder = 0x02,

    /// <summary>One sync-run record per sync, under the sync id alone.</summary>
    SyncRun = 0x10,

    ResourceType = 0x20,
    Resource = 0x21,
    Entitlement = 0x22,
    Grant = 0x23,

    /// <summary>An asset's header: content type, length and chunk count.</summary>
    Asset = 0x24,

    /// <summary>An asset's bytes, in chunks of at most <see cref="SyncKeys.AssetChunkBytes"/>.</summary>
    AssetChunk = 0x25,

    /// <summary>The connector's per-sync session values.</summary>
    Session = 0x26,

    /// <summary>
    /// A marker under a sync whose index entries the store holds back in memory (no tail, empty value): present, an
    /// interrupted store rebuilds them at open.
    /// </summary>
    IndexesPending = 0x27,

    /// <summary>Index: resources by resource type.</summary>
    ResourceByType = 0x40,

    /// <summary>Index: resources by parent resource.</summary>
    ResourceByParent = 0x41,

    /// <summary>Index: entitlements by resource.</summary>
    EntitlementByResource = 0x42,

    /// <summary>Index: grants by entitlement id, then principal.</summary>
    GrantByEntitlement = 0x43,

    /// <summary>Index: grants by the entitlement's resource.</summary>
    GrantByEntitlementResource = 0x44,

    /// <summary>Index: grants by principal (and so by principal type).</summary>
    GrantByPrincipal = 0x45,

    /// <summary>Index: grants that need expansion.</summary>
    GrantNeedsExpansion = 0x46,
}
