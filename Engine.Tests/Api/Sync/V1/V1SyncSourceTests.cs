using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1;
using Engine.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>
/// What <see cref="V1SyncSource"/> reads from v1 databases of other schema ages than the fixtures': the columns the
/// reference's migrations add, read as stored when present and as their defaults when not; the backfill applied only
/// where the reference applies it; assets and sessions.
/// </summary>
[Trait("Category", "Unit")]
public sealed class V1SyncSourceTests : IDisposable
{
    private const string Sync1k = "36zfOAoWMxQdISbixanQCRBiX7E";
    private const string Expandable = "instr(data, CAST('c1.connector.v2.GrantExpandable' AS BLOB)) > 0";

    private readonly TempDirectory _directory = new("v1-source");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AnOldSchema_ReadsWithTheMigrationDefaults()
    {
        string database = V1Databases.Decode("org-1k-resources.c1z", _directory);
        using V1SyncSource source = new(database, TimeZoneInfo.Utc);

        TransferRun run = Assert.Single(source.ExportRuns());

        Assert.Equal(
            new TransferRun { SyncId = Sync1k, StartedAtUnixNanos = run.StartedAtUnixNanos, SyncToken = run.SyncToken, IngestInvariantCoverage = run.IngestInvariantCoverage },
            run);
        Assert.Empty(run.IngestInvariantCoverage);
        Assert.True(V1Timestamp.TryParse("2025-12-17 16:31:25.057185", TimeZoneInfo.Utc, out long started));
        Assert.Equal(started, run.StartedAtUnixNanos);
    }

    [Fact]
    public void TheMigratedColumns_AreReadAsStored_AndABackfilledSyncsGrantsAsTheyAre()
    {
        string database = Migrated();
        V1Databases.Execute(
            database,
            """
            UPDATE v1_sync_runs SET ended_at = '2025-12-18 01:02:03.5', linked_sync_id = 'linked', supports_diff = 1, grants_backfilled = 1,
              stats = '{"resource_types":4,"resources":1221,"resources_by_resource_type":{"user":1000}}',
              ingest_invariant_generation = 'g7', ingest_invariant_coverage = '["grants","resources"]', ingest_invariant_mode = 'connector'
            """);
        using V1SyncSource source = new(database, TimeZoneInfo.Utc);

        TransferRun run = Assert.Single(source.ExportRuns());

        Assert.True(V1Timestamp.TryParse("2025-12-18 01:02:03.5", TimeZoneInfo.Utc, out long ended));
        Assert.Equal((ended, "linked", true, true), (run.EndedAtUnixNanos, run.LinkedSyncId, run.SupportsDiff, run.GrantsBackfilled));
        Assert.Equal(new SyncStats { ResourceTypes = 4, Resources = 1221, ResourcesByResourceType = { ["user"] = 1000 } }, run.Stats);
        Assert.Equal(("g7", "connector"), (run.IngestInvariantGeneration, run.IngestInvariantMode));
        Assert.Equal(["grants", "resources"], run.IngestInvariantCoverage);
        Dictionary<string, byte[]> blobs = FileBlobs(database);
        List<TransferRecord> grants = [.. source.ExportRecords(Sync1k, RecordTable.Grants)];
        Assert.Equal(2909, grants.Count);
        Assert.All(grants, g => Assert.Equal(blobs[g.ExternalId], g.Data.ToArray()));
        Assert.All(grants, g => Assert.Equal((null, false), (g.Expansion, g.NeedsExpansion)));
    }

    [Fact]
    public void TheBackfill_SkipsARowWhoseExpansionIsSet_AndMovesTheRest()
    {
        string database = Migrated();
        V1Databases.Execute(database, $"UPDATE v1_grants SET expansion = X'0A0178', needs_expansion = 0 WHERE id = (SELECT min(id) FROM v1_grants WHERE {Expandable})");
        Dictionary<string, byte[]> blobs = FileBlobs(database);
        using V1SyncSource source = new(database, TimeZoneInfo.Utc);

        List<TransferRecord> grants = [.. source.ExportRecords(Sync1k, RecordTable.Grants)];

        TransferRecord kept = Assert.Single(grants, g => g.Expansion is { } e && e.AsSpan().SequenceEqual(new byte[] { 0x0A, 0x01, 0x78 }));
        Assert.Equal(blobs[kept.ExternalId], kept.Data.ToArray());
        Assert.False(kept.NeedsExpansion);
        Assert.Equal(408, grants.Count(g => g.NeedsExpansion));
        Assert.True(Assert.Single(source.ExportRuns()).GrantsBackfilled);
    }

    [Theory]
    [InlineData("{\"resource_types\": 4.5}", "[\"grants\"")]
    [InlineData("not json", "{\"a\": 1}")]
    [InlineData("", "[1]")]
    public void MalformedStatsOrCoverage_ReadAsAbsent(string stats, string coverage)
    {
        string database = Migrated();
        using (SqliteConnection connection = SqliteOracle.Connect(database))
        {
            SqliteOracle.Execute(connection, "UPDATE v1_sync_runs SET stats = $1, ingest_invariant_coverage = $2", stats, coverage);
        }

        using V1SyncSource source = new(database, TimeZoneInfo.Utc);
        TransferRun run = Assert.Single(source.ExportRuns());

        Assert.Null(run.Stats);
        Assert.Empty(run.IngestInvariantCoverage);
    }

    [Fact]
    public void AssetsAndSessions_AreImported_AndTheirTablesMayBeMissing()
    {
        const string Sync = "3ARefY5G8eOytquwYgm41Nq07IZ";
        string database = V1Databases.Decode("in-progress.c1z", _directory);
        using (SqliteConnection connection = SqliteOracle.Connect(database))
        {
            SqliteOracle.Execute(
                connection,
                "INSERT INTO v1_assets (external_id, content_type, data, sync_id, discovered_at) VALUES ('logo', 'image/png', $1, $2, '2026-03-03 09:45:14.5')",
                new byte[] { 1, 2, 3 },
                Sync);
            SqliteOracle.Execute(connection, "INSERT INTO v1_connector_sessions (sync_id, key, value) VALUES ($1, 'cursor', $2)", Sync, new byte[] { 9 });
            SqliteOracle.Execute(connection, "INSERT INTO v1_connector_sessions (sync_id, key, value) VALUES ('other', 'cursor', $1)", new byte[] { 8 });
        }

        using (SyncStore store = SyncStore.CreateFromV1(V1Databases.Pack(database, _directory.Combine("with-assets.c1z")), _directory.Combine("store")))
        {
            using AssetContent asset = store.GetAsset(new GetAssetRequest { Asset = new C1.Connector.V2.AssetRef { Id = "logo" } });
            using MemoryStream bytes = new();
            asset.Data.CopyTo(bytes);
            Assert.Equal("image/png", asset.ContentType);
            Assert.Equal([1, 2, 3], bytes.ToArray());
            Assert.Equal([new KeyValuePair<string, byte[]>("cursor", [9])], store.ExportSessions(Sync));
        }

        V1Databases.Execute(database, "DROP TABLE v1_assets");
        V1Databases.Execute(database, "DROP TABLE v1_connector_sessions");
        using V1SyncSource source = new(database, TimeZoneInfo.Utc);
        Assert.Empty(source.ExportAssets(Sync));
        Assert.Empty(source.ExportSessions(Sync));
    }

    /// <summary>The 1k fixture's database with every column the reference's migrations add, added as they add them.</summary>
    private string Migrated()
    {
        string database = V1Databases.Decode("org-1k-resources.c1z", _directory);
        foreach (string column in new[]
        {
            "linked_sync_id text not null default ''", "supports_diff integer not null default 0", "grants_backfilled integer not null default 0",
            "stats text", "ingest_invariant_generation text not null default ''", "ingest_invariant_coverage text not null default ''",
            "ingest_invariant_mode text not null default ''",
        })
        {
            V1Databases.Execute(database, $"ALTER TABLE v1_sync_runs ADD COLUMN {column}");
        }

        V1Databases.Execute(database, "ALTER TABLE v1_grants ADD COLUMN expansion blob");
        V1Databases.Execute(database, "ALTER TABLE v1_grants ADD COLUMN needs_expansion integer not null default 0");
        return database;
    }

    private static Dictionary<string, byte[]> FileBlobs(string database)
    {
        using SqliteConnection connection = SqliteOracle.Connect(database, readOnly: true);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT external_id, data FROM v1_grants";
        using SqliteDataReader reader = command.ExecuteReader();
        Dictionary<string, byte[]> blobs = [];
        while (reader.Read())
        {
            blobs[reader.GetString(0)] = (byte[])reader[1];
        }

        return blobs;
    }
}
