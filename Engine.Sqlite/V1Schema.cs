using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The reference's current v1 schema (shared/spec/baton-storage.md, section 3.1): the table DDL as the reference writes
/// it, created in its order (sync_runs before grants, whose migration reads it), and the migrations that bring an older
/// file up to date (section 9.2): added columns with the reference's defaults, the partial grant indexes, the grant
/// expansion backfill.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class V1Schema
{
    public const string ResourceTypes = "v1_resource_types";
    public const string Resources = "v1_resources";
    public const string Entitlements = "v1_entitlements";
    public const string Grants = "v1_grants";
    public const string Assets = "v1_assets";
    public const string SyncRuns = "v1_sync_runs";
    public const string Sessions = "v1_connector_sessions";

    /// <summary>Each table's DDL, in creation order, with the reference's whitespace and index names.</summary>
    public static IReadOnlyList<(string Table, string Ddl)> Tables { get; } =
    [
        (ResourceTypes, """

            create table if not exists v1_resource_types (
                id integer primary key,
                external_id text not null,
                data blob not null,
                sync_id text not null,
                discovered_at datetime not null
            );
            create unique index if not exists idx_resource_types_external_sync_v1 on v1_resource_types (external_id, sync_id);
            """),
        (Resources, """

            create table if not exists v1_resources (
                id integer primary key,
                resource_type_id text not null,
                external_id text not null,
            	parent_resource_type_id text,
            	parent_resource_id text,
                data blob not null,
                sync_id text not null,
                discovered_at datetime not null
            );
            create index if not exists idx_resources_resource_type_id_v1 on v1_resources (resource_type_id);
            create index if not exists idx_resources_external_sync_v1 on v1_resources (parent_resource_type_id, parent_resource_id);
            create unique index if not exists idx_resources_parent_resource_id_v1 on v1_resources (external_id, sync_id);
            """),
        (Entitlements, """

            create table if not exists v1_entitlements (
                id integer primary key,
                resource_type_id text not null,
                resource_id text not null,
                external_id text not null,
                data blob not null,
                sync_id text not null,
                discovered_at datetime not null
            );
            create index if not exists idx_entitlements_resource_id_v1 on v1_entitlements (resource_type_id, resource_id);
            create unique index if not exists idx_entitlements_external_sync_v1 on v1_entitlements (external_id, sync_id);
            """),
        (SyncRuns, """

            create table if not exists v1_sync_runs (
                id integer primary key,
                sync_id text not null,
                started_at datetime not null,
                ended_at datetime,
                sync_token text not null,
                sync_type text not null default 'full',
                parent_sync_id text not null default '',
                linked_sync_id text not null default '',
                supports_diff integer not null default 0,
                grants_backfilled integer not null default 0,
            		stats text,
                ingest_invariant_generation text not null default '',
                ingest_invariant_coverage text not null default '',
                ingest_invariant_mode text not null default ''
            );
            create unique index if not exists idx_sync_runs_sync_id_v1 on v1_sync_runs (sync_id);
            """),
        (Grants, """

            create table if not exists v1_grants (
                id integer primary key,
            	resource_type_id text not null,
                resource_id text not null,
                entitlement_id text not null,
                principal_resource_type_id text not null,
                principal_resource_id text not null,
                external_id text not null,
                expansion blob,                             -- Serialized GrantExpandable proto; NULL if grant is not expandable.
                needs_expansion integer not null default 0, -- 1 if grant should be processed during expansion.
                data blob not null,
                sync_id text not null,
                discovered_at datetime not null
            );
            create index if not exists idx_grants_resource_type_id_resource_id_v1 on v1_grants (resource_type_id, resource_id);
            create index if not exists idx_grants_principal_id_v1 on v1_grants (principal_resource_type_id, principal_resource_id);
            create index if not exists idx_grants_entitlement_id_principal_id_v1 on v1_grants (entitlement_id, principal_resource_type_id, principal_resource_id);
            create unique index if not exists idx_grants_external_sync_v1 on v1_grants (external_id, sync_id);
            create index if not exists idx_grants_entitlement_sync_grant_v1 on v1_grants (entitlement_id, sync_id, id);
            """),
        (Assets, """

            create table if not exists v1_assets (
                id integer primary key,
                external_id text not null,
                content_type text not null,
                data blob not null,
                sync_id text not null,
                discovered_at datetime not null
            );
            create unique index if not exists idx_assets_external_sync_v1 on v1_assets (external_id, sync_id);
            """),
        (Sessions, """

            CREATE TABLE IF NOT EXISTS v1_connector_sessions (
                id integer primary key,
            	sync_id text NOT NULL,
            	key TEXT NOT NULL,
            	value BLOB NOT NULL
            );
            create unique index if not exists idx_session_store_sync_key_v1 on v1_connector_sessions (sync_id, key);
            """),
    ];

    /// <summary>The sync_runs columns older files lack, each with the reference's DDL, in the reference's order.</summary>
    private static readonly (string Name, string Ddl)[] s_syncRunColumns =
    [
        ("sync_type", "text not null default 'full'"),
        ("parent_sync_id", "text not null default ''"),
        ("linked_sync_id", "text not null default ''"),
        ("supports_diff", "integer not null default 0"),
        ("grants_backfilled", "integer not null default 0"),
        ("stats", "text"),
        ("ingest_invariant_generation", "text not null default ''"),
        ("ingest_invariant_coverage", "text not null default ''"),
        ("ingest_invariant_mode", "text not null default ''"),
    ];

    /// <summary>
    /// Creates what is missing and migrates what is old, table by table in the reference's order; true when a migration
    /// changed something (the reference then runs <c>PRAGMA optimize</c>).
    /// </summary>
    public static bool CreateOrMigrate(SqlStatements sql, string storePath)
    {
        bool migrated = false;
        foreach ((string table, string ddl) in Tables)
        {
            using (SqliteCommand create = sql.Connection.CreateCommand())
            {
                create.CommandText = ddl;
                create.ExecuteNonQuery();
            }

            if (table == SyncRuns)
            {
                foreach ((string name, string columnDdl) in s_syncRunColumns)
                {
                    migrated |= AddColumnIfMissing(sql, SyncRuns, name, columnDdl);
                }
            }
            else if (table == Grants)
            {
                migrated |= AddColumnIfMissing(sql, Grants, "expansion", "blob");
                migrated |= AddColumnIfMissing(sql, Grants, "needs_expansion", "integer not null default 0");
                ExecuteRaw(sql, "create index if not exists idx_grants_sync_expansion_v1 on v1_grants (sync_id) where expansion is not null");
                ExecuteRaw(sql, "create index if not exists idx_grants_sync_needs_expansion_v1 on v1_grants (sync_id) where needs_expansion = 1");
                migrated |= GrantBackfill.Run(sql, storePath);
                ExecuteRaw(sql, "create index if not exists idx_grants_entitlement_sync_grant_v1 on v1_grants (entitlement_id, sync_id, id)");
            }
        }

        return migrated;
    }

    /// <summary>The column names of <paramref name="table"/>, by name (older files order them differently).</summary>
    public static HashSet<string> Columns(SqlStatements sql, string table)
    {
        HashSet<string> columns = new(StringComparer.OrdinalIgnoreCase);
        using SqliteCommand info = sql.Connection.CreateCommand();
        info.CommandText = $"select name from pragma_table_info('{table}')";
        using SqliteDataReader reader = info.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static bool AddColumnIfMissing(SqlStatements sql, string table, string column, string ddl)
    {
        if (Columns(sql, table).Contains(column))
        {
            return false;
        }

        ExecuteRaw(sql, $"alter table {table} add column {column} {ddl}");
        return true;
    }

    private static void ExecuteRaw(SqlStatements sql, string text)
    {
        using SqliteCommand command = sql.Connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }
}
