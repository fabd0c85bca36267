namespace Engine.Sqlite;

/// <summary>
/// One row a Put call is about to write: the external id, the blob, and the side columns of its table
/// (shared/spec/baton-storage.md, section 1.4); unused columns stay at their defaults.
/// </summary>
internal struct PendingRow
{
    public string ExternalId;
    public byte[] Data;
    public string ResourceTypeId;
    public string ResourceId;
    public string? ParentResourceTypeId;
    public string? ParentResourceId;
    public string EntitlementId;
    public string PrincipalResourceTypeId;
    public string PrincipalResourceId;
    public byte[]? Expansion;

    /// <summary>The row's discovered_at text: now for a Put, the given time for a Put*IfNewer.</summary>
    public string DiscoveredAt;
}
