using Engine.Api.Sync.Store;
using Engine.Api.Sync.Transfer;

namespace Engine.Sqlite;

/// <summary>
/// The reference's upserts, one per table and conflict rule (shared/spec/baton-storage.md, sections 1.4, 3.5 and 3.6):
/// <c>ON CONFLICT(external_id, sync_id) DO UPDATE</c> of the blob only (grants: and the expansion by the CASE rules),
/// side columns and discovered_at kept.
/// </summary>
/// <remarks>Parameters: <c>$0</c> external_id, <c>$1</c> data, <c>$2</c> sync_id, <c>$3</c> discovered_at, then the side columns. Stateless.</remarks>
internal static class UpsertStatements
{
    // needs_expansion after a conflicting PutGrants: 0 when the new expansion is NULL or empty, 1 when the old was NULL
    // or differs, else the old flag (an identical re-put keeps a cleared flag).
    private const string NeedsExpansionCase =
        "needs_expansion = CASE WHEN excluded.expansion IS NULL OR length(excluded.expansion) = 0 THEN 0 " +
        "WHEN v1_grants.expansion IS NULL THEN 1 WHEN v1_grants.expansion != excluded.expansion THEN 1 " +
        "ELSE v1_grants.needs_expansion END, expansion = excluded.expansion";

    private const string ResourceTypesInsert =
        "INSERT INTO v1_resource_types (external_id, data, sync_id, discovered_at) VALUES ($0, $1, $2, $3)";

    private const string ResourcesInsert =
        "INSERT INTO v1_resources (external_id, data, sync_id, discovered_at, resource_type_id, parent_resource_type_id, parent_resource_id) " +
        "VALUES ($0, $1, $2, $3, $4, $5, $6)";

    private const string EntitlementsInsert =
        "INSERT INTO v1_entitlements (external_id, data, sync_id, discovered_at, resource_type_id, resource_id) VALUES ($0, $1, $2, $3, $4, $5)";

    private const string GrantsInsert =
        "INSERT INTO v1_grants (external_id, data, sync_id, discovered_at, resource_type_id, resource_id, entitlement_id, " +
        "principal_resource_type_id, principal_resource_id, expansion, needs_expansion) VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    private const string OnConflict = " ON CONFLICT (external_id, sync_id) DO UPDATE SET data = excluded.data";

    /// <summary>The statement writing a row of <paramref name="table"/> with <paramref name="mode"/>'s conflict rule.</summary>
    public static string For(RecordTable table, UpsertMode mode) => (table, mode) switch
    {
        (RecordTable.ResourceTypes, UpsertMode.IfNewer) => ResourceTypesInsert + IfNewer("v1_resource_types"),
        (RecordTable.ResourceTypes, _) => ResourceTypesInsert + OnConflict,
        (RecordTable.Resources, UpsertMode.IfNewer) => ResourcesInsert + IfNewer("v1_resources"),
        (RecordTable.Resources, _) => ResourcesInsert + OnConflict,
        (RecordTable.Entitlements, UpsertMode.IfNewer) => EntitlementsInsert + IfNewer("v1_entitlements"),
        (RecordTable.Entitlements, _) => EntitlementsInsert + OnConflict,
        (RecordTable.Grants, UpsertMode.Replace) => GrantsInsert + OnConflict + ", " + NeedsExpansionCase,
        (RecordTable.Grants, UpsertMode.IfNewer) => GrantsInsert + OnConflict + ", discovered_at = excluded.discovered_at, " + NeedsExpansionCase +
            " WHERE excluded.discovered_at > v1_grants.discovered_at",
        _ => GrantsInsert + OnConflict,
    };

    /// <summary>
    /// The removed "if newer" rule (spec 3.6): blob and discovered_at replaced only by a later discovered_at, compared as
    /// the reference's timestamp text.
    /// </summary>
    private static string IfNewer(string table) =>
        $"{OnConflict}, discovered_at = excluded.discovered_at WHERE excluded.discovered_at > {table}.discovered_at";
}
