using System.Text;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1;
using Engine.Tests.Infrastructure;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>
/// The three real v1 fixtures imported into new stores (spec 9; shared/fixtures/c1z/README.md): exactly the README's
/// counts, ids, instants and tokens; every blob as the file holds it (grants as the reference's backfill leaves them) and
/// re-serializing byte for byte; the sync readable by id.
/// </summary>
[Trait("Category", "Unit")]
public sealed class V1ImportTests
{
    /// <summary>A zone other than UTC, so the test sees that the file's wall clock is read in the zone given.</summary>
    private static readonly TimeZoneInfo s_zone = TimeZoneInfo.CreateCustomTimeZone("plus-one", TimeSpan.FromHours(1), "plus-one", "plus-one");

    public static TheoryData<string, int, int, int, int, string, string, int, int> Fixtures => new()
    {
        { "in-progress.c1z", 5, 79, 0, 0, "3ARefY5G8eOytquwYgm41Nq07IZ", "2026-03-03 09:45:13.056791", 153, 0 },
        { "org-1k-resources.c1z", 4, 1221, 342, 2909, "36zfOAoWMxQdISbixanQCRBiX7E", "2025-12-17 16:31:25.057185", 92_854, 409 },
        { "org-35k-resources.c1z", 4, 35217, 334, 66601, "36zGvJw3uxU1QMJKU2yPVQ1hBOC", "2025-12-17 13:10:15.617459", 91_274, 401 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EachFixture_ImportsWithTheReadmeCounts_AndItsSyncAsWritten(
        string fixture, int resourceTypes, int resources, int entitlements, int grants, string syncId, string startedAt, int tokenBytes, int expandable)
    {
        using TempDirectory directory = new("v1-import");
        using SyncStore store = SyncStore.CreateFromV1(SharedFixtures.C1z(fixture), directory.Combine("store"), importOptions: Options(directory));

        TransferRun run = Assert.Single(store.ExportRuns());
        Assert.Equal((syncId, "full", "", (long?)null), (run.SyncId, run.SyncType, run.ParentSyncId, run.EndedAtUnixNanos));
        Assert.Equal(startedAt, V1Timestamp.Format(run.StartedAtUnixNanos, s_zone));
        Assert.Equal(tokenBytes, Encoding.UTF8.GetByteCount(run.SyncToken));
        Assert.True(run.GrantsBackfilled);
        Assert.Equal(resourceTypes, store.ExportRecords(syncId, RecordTable.ResourceTypes).Count());
        Assert.Equal(resources, store.ExportRecords(syncId, RecordTable.Resources).Count());
        Assert.Equal(entitlements, store.ExportRecords(syncId, RecordTable.Entitlements).Count());
        List<TransferRecord> stored = [.. store.ExportRecords(syncId, RecordTable.Grants)];
        Assert.Equal(grants, stored.Count);
        Assert.Equal(expandable, stored.Count(g => g.Expansion is not null && g.NeedsExpansion));
        Assert.Equal(expandable, stored.Count(g => g.NeedsExpansion));
        Assert.Equal(grants - expandable, stored.Count(g => g.Expansion is null));
        Assert.Empty(store.ExportAssets(syncId));
        Assert.Empty(store.ExportSessions(syncId));
        Assert.True(store.VerifyIndexes().IsClean);
        Assert.True(store.IsDirty);

        // The sync answers by id: viewed, and resumed by id (no age limit), as a reader of these files does (spec 9.3).
        store.ViewSync(syncId);
        Assert.Equal(resourceTypes, StoreAnswers.All(t => store.ListResourceTypes(new ListResourceTypesRequest { PageToken = t })).Count);
        Assert.Equal(grants, StoreAnswers.All(t => store.ListGrants(new ListGrantsRequest { PageToken = t, PageSize = 1000 })).Count);
        Assert.Equal(expandable, store.Grants.PendingExpansion().Count());
        Assert.Null(store.GetSync(syncId).EndedAt);
        store.ViewSync("");
        Assert.Equal(syncId, store.ResumeSync(SyncType.Full, syncId));
        IReadOnlyDictionary<string, long> stats = store.Stats(SyncType.Full, syncId);
        Assert.Equal(resourceTypes, stats["resource_types"]);
        Assert.Equal(grants, stats["grants"]);
    }

    [Fact]
    public void The35kFixture_HasItsResourcesByType_AndTheDistinctEntitlementsAndPrincipalsOfItsGrants()
    {
        using TempDirectory directory = new("v1-import");
        using SyncStore store = SyncStore.CreateFromV1(SharedFixtures.C1z("org-35k-resources.c1z"), directory.Combine("store"), importOptions: Options(directory));
        const string Sync = "36zGvJw3uxU1QMJKU2yPVQ1hBOC";

        Dictionary<string, int> byType = store.ExportRecords(Sync, RecordTable.Resources).GroupBy(r => r.ResourceTypeId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["group"] = 17, ["project"] = 100, ["role"] = 100, ["user"] = 35_000 }, byType);
        List<TransferRecord> grants = [.. store.ExportRecords(Sync, RecordTable.Grants)];
        Assert.Equal(334, grants.Select(g => g.EntitlementId).Distinct().Count());
        Assert.Equal(35_016, grants.Select(g => (g.PrincipalResourceTypeId, g.PrincipalResourceId)).Distinct().Count());
        IReadOnlyDictionary<string, long> stats = store.Stats(SyncType.Full, Sync);
        Assert.Equal(35_000, stats["user"]);
    }

    [Theory]
    [InlineData("in-progress.c1z")]
    [InlineData("org-1k-resources.c1z")]
    [InlineData("org-35k-resources.c1z")]
    public void EveryStoredRow_IsTheFilesRow_AndEveryBlobReserializesByteForByte(string fixture)
    {
        using TempDirectory directory = new("v1-import");
        using SyncStore store = SyncStore.CreateFromV1(SharedFixtures.C1z(fixture), directory.Combine("store"), importOptions: Options(directory));
        string database = V1Databases.Decode(fixture, directory);
        string syncId = store.ExportRuns().Single().SyncId;
        using SqliteConnection connection = SqliteOracle.Connect(database, readOnly: true);

        Assert.Equal(Read(connection, "SELECT sync_token FROM v1_sync_runs").Single()[0], store.ExportRuns().Single().SyncToken);
        AssertRows(store, connection, syncId, RecordTable.ResourceTypes, "v1_resource_types", [], ResourceType.Parser);
        AssertRows(store, connection, syncId, RecordTable.Resources, "v1_resources", ["resource_type_id", "parent_resource_type_id", "parent_resource_id"], Resource.Parser);
        AssertRows(store, connection, syncId, RecordTable.Entitlements, "v1_entitlements", ["resource_type_id", "resource_id"], Entitlement.Parser);
        AssertRows(
            store,
            connection,
            syncId,
            RecordTable.Grants,
            "v1_grants",
            ["resource_type_id", "resource_id", "entitlement_id", "principal_resource_type_id", "principal_resource_id"],
            Grant.Parser);
    }

    /// <summary>
    /// Each stored row against the file's row of the same external id: blob (a grant's as the backfill leaves it),
    /// discovered_at as the file's text in the zone, side columns; and the blob parses and serializes to itself.
    /// </summary>
    private static void AssertRows<T>(SyncStore store, SqliteConnection connection, string syncId, RecordTable table, string name, string[] columns, MessageParser<T> parser)
        where T : IMessage<T>
    {
        Dictionary<string, object?[]> file = Read(connection, $"SELECT external_id, data, discovered_at{string.Concat(columns.Select(c => ", " + c))} FROM {name} WHERE sync_id = '{syncId}'")
            .ToDictionary(r => (string)r[0]!);
        int count = 0;
        foreach (TransferRecord row in store.ExportRecords(syncId, table))
        {
            object?[] expected = file[row.ExternalId];
            byte[] blob = (byte[])expected[1]!;
            byte[] data = row.Data.ToArray();
            Assert.Equal(table == RecordTable.Grants ? V1GrantBackfill.Apply(blob).Data : blob, data);
            Assert.Equal(data, parser.ParseFrom(data).ToByteArray());
            Assert.Equal(expected[2], V1Timestamp.Format(row.DiscoveredAtUnixNanos, s_zone));
            string?[] side = table switch
            {
                RecordTable.Resources => [row.ResourceTypeId, row.ParentResourceTypeId, row.ParentResourceId],
                RecordTable.Entitlements => [row.ResourceTypeId, row.ResourceId],
                RecordTable.Grants => [row.ResourceTypeId, row.ResourceId, row.EntitlementId, row.PrincipalResourceTypeId, row.PrincipalResourceId],
                _ => [],
            };
            Assert.Equal(expected[3..], side);
            count++;
        }

        Assert.Equal(file.Count, count);
    }

    private static List<object?[]> Read(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<object?[]> rows = [];
        while (reader.Read())
        {
            object?[] row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static V1ImportOptions Options(TempDirectory directory) => new() { TimeZone = s_zone, TempDirectory = directory.Path };
}
