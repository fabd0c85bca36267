using Engine.Api.Sync;
using Engine.Sqlite;
using Microsoft.Data.Sqlite;

namespace Engine.Tests.Sqlite;

/// <summary>The created schema is the reference's current v1 schema (shared/spec/baton-storage.md, section 3.1).</summary>
public sealed class SqliteSchemaTests
{
    /// <summary>Each table's columns, in the reference's order, with type, NOT NULL and default.</summary>
    private static readonly Dictionary<string, string[]> s_columns = new()
    {
        ["v1_resource_types"] = ["id integer", "external_id text notnull", "data blob notnull", "sync_id text notnull", "discovered_at datetime notnull"],
        ["v1_resources"] =
        [
            "id integer", "resource_type_id text notnull", "external_id text notnull", "parent_resource_type_id text", "parent_resource_id text",
            "data blob notnull", "sync_id text notnull", "discovered_at datetime notnull",
        ],
        ["v1_entitlements"] =
        [
            "id integer", "resource_type_id text notnull", "resource_id text notnull", "external_id text notnull", "data blob notnull",
            "sync_id text notnull", "discovered_at datetime notnull",
        ],
        ["v1_sync_runs"] =
        [
            "id integer", "sync_id text notnull", "started_at datetime notnull", "ended_at datetime", "sync_token text notnull",
            "sync_type text notnull default 'full'", "parent_sync_id text notnull default ''", "linked_sync_id text notnull default ''",
            "supports_diff integer notnull default 0", "grants_backfilled integer notnull default 0", "stats text",
            "ingest_invariant_generation text notnull default ''", "ingest_invariant_coverage text notnull default ''", "ingest_invariant_mode text notnull default ''",
        ],
        ["v1_grants"] =
        [
            "id integer", "resource_type_id text notnull", "resource_id text notnull", "entitlement_id text notnull", "principal_resource_type_id text notnull",
            "principal_resource_id text notnull", "external_id text notnull", "expansion blob", "needs_expansion integer notnull default 0",
            "data blob notnull", "sync_id text notnull", "discovered_at datetime notnull",
        ],
        ["v1_assets"] =
        [
            "id integer", "external_id text notnull", "content_type text notnull", "data blob notnull", "sync_id text notnull", "discovered_at datetime notnull",
        ],
        ["v1_connector_sessions"] = ["id integer", "sync_id text notnull", "key text notnull", "value blob notnull"],
    };

    /// <summary>Every index: table, name, unique, columns, partial condition.</summary>
    private static readonly string[] s_indexes =
    [
        "v1_resource_types idx_resource_types_external_sync_v1 unique (external_id,sync_id)",
        "v1_resources idx_resources_resource_type_id_v1 (resource_type_id)",
        "v1_resources idx_resources_external_sync_v1 (parent_resource_type_id,parent_resource_id)",
        "v1_resources idx_resources_parent_resource_id_v1 unique (external_id,sync_id)",
        "v1_entitlements idx_entitlements_resource_id_v1 (resource_type_id,resource_id)",
        "v1_entitlements idx_entitlements_external_sync_v1 unique (external_id,sync_id)",
        "v1_sync_runs idx_sync_runs_sync_id_v1 unique (sync_id)",
        "v1_grants idx_grants_resource_type_id_resource_id_v1 (resource_type_id,resource_id)",
        "v1_grants idx_grants_principal_id_v1 (principal_resource_type_id,principal_resource_id)",
        "v1_grants idx_grants_entitlement_id_principal_id_v1 (entitlement_id,principal_resource_type_id,principal_resource_id)",
        "v1_grants idx_grants_external_sync_v1 unique (external_id,sync_id)",
        "v1_grants idx_grants_entitlement_sync_grant_v1 (entitlement_id,sync_id,id)",
        "v1_grants idx_grants_sync_expansion_v1 (sync_id) partial",
        "v1_grants idx_grants_sync_needs_expansion_v1 (sync_id) partial",
        "v1_assets idx_assets_external_sync_v1 unique (external_id,sync_id)",
        "v1_connector_sessions idx_session_store_sync_key_v1 unique (sync_id,key)",
    ];

    [Fact]
    public void NewDatabase_HasTheReferenceTablesInTheReferenceOrder()
    {
        using SqliteHarness harness = new();
        harness.Open().Close();
        using SqliteConnection connection = OpenRaw(harness.DatabasePath);
        Assert.Equal(
            ["v1_resource_types", "v1_resources", "v1_entitlements", "v1_sync_runs", "v1_grants", "v1_assets", "v1_connector_sessions"],
            Strings(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid"));
        foreach ((string table, string[] columns) in s_columns)
        {
            Assert.Equal(columns, Columns(connection, table));
        }

        Assert.Equal(s_indexes.Order(StringComparer.Ordinal), Indexes(connection).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NewDatabase_TableDdlIsTheReferenceText()
    {
        using SqliteHarness harness = new();
        harness.Open().Close();
        using SqliteConnection connection = OpenRaw(harness.DatabasePath);
        string grants = Strings(connection, "SELECT sql FROM sqlite_schema WHERE name = 'v1_grants'")[0];
        Assert.Contains("expansion blob,                             -- Serialized GrantExpandable proto; NULL if grant is not expandable.", grants, StringComparison.Ordinal);
        string resources = Strings(connection, "SELECT sql FROM sqlite_schema WHERE name = 'v1_resources'")[0];
        Assert.Contains("\n\tparent_resource_type_id text,\n\tparent_resource_id text,", resources, StringComparison.Ordinal);
    }

    [Fact]
    public void FixtureMigration_AddsColumnsByNameAndBackfillsExpansion()
    {
        using SqliteHarness harness = new();
        string c1z = Path.Combine(harness.Directory, "org-1k.c1z");
        File.Copy(Engine.Tests.Infrastructure.SharedFixtures.C1z("org-1k-resources.c1z"), c1z);
        // Migrate, save (the flag makes the store dirty), then inspect a decompressed copy of what was saved.
        string database = harness.PathOf("migrated.db");
        using (SqliteSyncStore store = SqliteSyncStore.Open(c1z, harness.Options()))
        {
            store.SyncMeta.MarkSyncSupportsDiff("36zfOAoWMxQdISbixanQCRBiX7E");
            store.Close();
        }

        DecompressCopy(c1z, database);
        using SqliteConnection connection = OpenRaw(database);
        foreach ((string table, string[] columns) in s_columns)
        {
            Assert.Equal(columns.Select(c => c.Split(' ')[0]).Order(StringComparer.Ordinal), Columns(connection, table).Select(c => c.Split(' ')[0]).Order(StringComparer.Ordinal));
        }

        Assert.Equal(1221L, Scalar(connection, "SELECT count(*) FROM v1_resources"));
        Assert.Equal(342L, Scalar(connection, "SELECT count(*) FROM v1_entitlements"));
        Assert.Equal(2909L, Scalar(connection, "SELECT count(*) FROM v1_grants"));
        Assert.Equal(409L, Scalar(connection, "SELECT count(*) FROM v1_grants WHERE expansion IS NOT NULL AND needs_expansion = 1"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM v1_grants WHERE instr(data, CAST('c1.connector.v2.GrantExpandable' AS BLOB)) > 0"));
        Assert.Equal(1L, Scalar(connection, "SELECT grants_backfilled FROM v1_sync_runs"));
        Assert.Equal(1L, Scalar(connection, "SELECT supports_diff FROM v1_sync_runs"));
    }

    [Fact]
    public void FixtureMigration_ReadsTheFixtureThroughTheStore()
    {
        using SqliteHarness harness = new();
        string c1z = Path.Combine(harness.Directory, "org-1k.c1z");
        File.Copy(Engine.Tests.Infrastructure.SharedFixtures.C1z("org-1k-resources.c1z"), c1z);
        byte[] before = File.ReadAllBytes(c1z);
        using SqliteSyncStore store = SqliteSyncStore.Open(c1z, harness.Options(readOnly: true));
        const string SyncId = "36zfOAoWMxQdISbixanQCRBiX7E";
        IReadOnlyDictionary<string, long> stats = store.SyncMeta.Stats(SyncType.Full, SyncId);
        Assert.Equal(4, stats["resource_types"]);
        Assert.Equal(342, stats["entitlements"]);
        Assert.Equal(2909, stats["grants"]);
        Assert.Equal(1221, stats.Where(e => e.Key is not ("resource_types" or "entitlements" or "grants")).Sum(e => e.Value));
        store.ViewSync(SyncId);
        int pending = store.Grants.PendingExpansion().Count();
        Assert.Equal(409, pending);
        store.Close();
        Assert.Equal(before, File.ReadAllBytes(c1z));
    }

    /// <summary>Copies the database inside <paramref name="c1z"/> to <paramref name="database"/>, as a read-only open unpacks it.</summary>
    internal static void DecompressCopy(string c1z, string database)
    {
        using SqliteHarness scratch = new();
        using SqliteSyncStore reopened = SqliteSyncStore.Open(c1z, new SqliteSyncStoreOptions { ReadOnly = true, TempDirectory = scratch.Directory });
        File.Copy(reopened.DatabasePath, database);
    }

    internal static SqliteConnection OpenRaw(string path)
    {
        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    internal static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    internal static List<string> Strings(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<string> values = [];
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT name, lower(type), \"notnull\", dflt_value FROM pragma_table_info('{table}') ORDER BY cid";
        using SqliteDataReader reader = command.ExecuteReader();
        List<string> columns = [];
        while (reader.Read())
        {
            string column = $"{reader.GetString(0)} {reader.GetString(1)}";
            column += reader.GetInt64(2) != 0 ? " notnull" : "";
            column += reader.IsDBNull(3) ? "" : " default " + reader.GetString(3);
            columns.Add(column);
        }

        return columns;
    }

    private static List<string> Indexes(SqliteConnection connection)
    {
        List<string> indexes = [];
        foreach (string table in s_columns.Keys)
        {
            List<(string Name, bool Unique, bool Partial)> list = [];
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT name, \"unique\", partial FROM pragma_index_list('{table}') WHERE origin = 'c'";
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    list.Add((reader.GetString(0), reader.GetInt64(1) != 0, reader.GetInt64(2) != 0));
                }
            }

            foreach ((string name, bool unique, bool partial) in list)
            {
                string columns = string.Join(",", Strings(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"));
                indexes.Add($"{table} {name}{(unique ? " unique" : "")} ({columns}){(partial ? " partial" : "")}");
            }
        }

        return indexes;
    }
}
