using Engine.Api.Sync.Transfer;

namespace Engine.Sqlite;

/// <summary>
/// The columns of each entity table that a copy carries besides <c>sync_id</c>, named (older files order them
/// differently), and the order the transfer reads and writes them in.
/// </summary>
/// <remarks>Stateless.</remarks>
internal static class TableColumns
{
    /// <summary>The table of <paramref name="table"/>.</summary>
    public static string Name(RecordTable table) => table switch
    {
        RecordTable.ResourceTypes => V1Schema.ResourceTypes,
        RecordTable.Resources => V1Schema.Resources,
        RecordTable.Entitlements => V1Schema.Entitlements,
        _ => V1Schema.Grants,
    };

    /// <summary>
    /// Every column of a row (but id and sync_id) in the transfer order: external_id, data, discovered_at,
    /// resource_type_id, resource_id, parent_resource_type_id, parent_resource_id, entitlement_id,
    /// principal_resource_type_id, principal_resource_id, expansion, needs_expansion; a column the table lacks is a
    /// constant.
    /// </summary>
    public static string Select(RecordTable table) => table switch
    {
        RecordTable.ResourceTypes => "external_id, data, discovered_at, '', '', NULL, NULL, '', '', '', NULL, 0",
        RecordTable.Resources => "external_id, data, discovered_at, resource_type_id, '', parent_resource_type_id, parent_resource_id, '', '', '', NULL, 0",
        RecordTable.Entitlements => "external_id, data, discovered_at, resource_type_id, resource_id, NULL, NULL, '', '', '', NULL, 0",
        _ => "external_id, data, discovered_at, resource_type_id, resource_id, NULL, NULL, entitlement_id, principal_resource_type_id, principal_resource_id, expansion, needs_expansion",
    };

    /// <summary>The table's own columns (but id and sync_id), for copies between syncs by name.</summary>
    public static string Own(string table, bool withExpansion = true) => table switch
    {
        V1Schema.ResourceTypes => "external_id, data, discovered_at",
        V1Schema.Resources => "resource_type_id, external_id, parent_resource_type_id, parent_resource_id, data, discovered_at",
        V1Schema.Entitlements => "resource_type_id, resource_id, external_id, data, discovered_at",
        V1Schema.Assets => "external_id, content_type, data, discovered_at",
        _ => withExpansion
            ? "resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, expansion, needs_expansion, data, discovered_at"
            : "resource_type_id, resource_id, entitlement_id, principal_resource_type_id, principal_resource_id, external_id, data, discovered_at",
    };

    /// <summary>The statement inserting one row of <paramref name="table"/> as given: $0 sync_id, then the transfer order.</summary>
    public static string Insert(RecordTable table, string verb = "INSERT") => table switch
    {
        RecordTable.ResourceTypes => $"{verb} INTO v1_resource_types (sync_id, external_id, data, discovered_at) VALUES ($0, $1, $2, $3)",
        RecordTable.Resources => $"{verb} INTO v1_resources (sync_id, external_id, data, discovered_at, resource_type_id, parent_resource_type_id, parent_resource_id) " +
            "VALUES ($0, $1, $2, $3, $4, $5, $6)",
        RecordTable.Entitlements => $"{verb} INTO v1_entitlements (sync_id, external_id, data, discovered_at, resource_type_id, resource_id) VALUES ($0, $1, $2, $3, $4, $5)",
        _ => $"{verb} INTO v1_grants (sync_id, external_id, data, discovered_at, resource_type_id, resource_id, entitlement_id, principal_resource_type_id, " +
            "principal_resource_id, expansion, needs_expansion) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    };
}
