using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Core.Identifiers;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>The maintenance API: Compact, Vacuum and Verify report what they did and what they found.</summary>
[Trait("Category", "Unit")]
public sealed class SyncMaintenanceTests
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Vacuum_DeletesTheOldFullSyncs_AndReclaimsTheirBytes()
    {
        using SyncStore store = _harness.Open();
        string first = BigSync(store, "a");
        string second = BigSync(store, "b");
        string third = BigSync(store, "c");
        store.Db.Flush();

        VacuumReport report = store.Vacuum(keepSyncCount: 1);

        Assert.Equal([first, second], report.DeletedSyncIds);
        Assert.Equal(1, report.KeepSyncCount);
        Assert.True(report.BytesReclaimed > 0, $"before {report.BytesBefore}, after {report.BytesAfter}");
        Assert.Equal(report.BytesBefore - report.BytesAfter, report.BytesReclaimed);
        Assert.Equal(store.CurrentSizeBytes(), report.BytesAfter);
        Assert.Equal([third], SyncIds(store));
        Assert.Equal(2000, store.ListResources(new ListResourcesRequest { SyncId = third, PageSize = 0 }).Items.Count + 1000);
    }

    [Fact]
    public void Vacuum_WithNothingToDelete_ReportsNoSync_AndKeepsCleanupsDefaultLimit()
    {
        using SyncStore store = _harness.Open();
        BigSync(store, "a");

        VacuumReport report = store.Vacuum();

        Assert.Empty(report.DeletedSyncIds);
        Assert.Equal(2, report.KeepSyncCount);
        Assert.Equal(0, report.BytesReclaimed);
    }

    [Fact]
    public void Vacuum_RunsEvenWhenTheOptionsSkipCleanup()
    {
        using SyncStore store = _harness.Open(SyncStoreOptions.Default with { SkipCleanup = true, SkipVacuum = true });
        string first = BigSync(store, "a");
        BigSync(store, "b");

        store.Cleanup();
        Assert.Equal(2, SyncIds(store).Count);

        Assert.Equal([first], store.Vacuum(keepSyncCount: 1).DeletedSyncIds);
    }

    [Fact]
    public void Vacuum_NegativeKeep_AndReadOnly_AreRefused()
    {
        using (SyncStore store = _harness.Open())
        {
            BigSync(store, "a");
            Assert.Throws<ArgumentOutOfRangeException>(() => store.Vacuum(-1));
            store.Close();
        }

        using SyncStore readOnly = _harness.Open(SyncStoreOptions.Default with { ReadOnly = true });
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.Vacuum());
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.Compact());
    }

    [Fact]
    public void Compact_AfterADeletionWithoutVacuum_ReclaimsTheBytes_AndCountsTables()
    {
        using SyncStore store = _harness.Open(SyncStoreOptions.Default with { SkipVacuum = true });
        string first = BigSync(store, "a");
        store.Db.Flush();
        BigSync(store, "b");
        store.Db.Flush();
        store.DeleteSyncRun(first);

        CompactionReport report = store.Compact();

        Assert.True(report.BytesReclaimed > 0, $"before {report.BytesBefore}, after {report.BytesAfter}");
        Assert.True(report.TablesBefore >= 2, $"{report.TablesBefore} tables before");
        Assert.True(report.TablesAfter >= 1 && report.TablesAfter <= report.TablesBefore, $"{report.TablesBefore} -> {report.TablesAfter}");
        Assert.True(report.Duration > TimeSpan.Zero);
    }

    [Fact]
    public void Verify_ASoundStore_IsHealthy_AndCountsBothChecks()
    {
        using SyncStore store = _harness.Open();
        string id = SmallSync(store);
        store.Db.Flush();

        StoreVerifyReport report = store.Verify();

        Assert.True(report.IsHealthy, string.Join("; ", report.Problems));
        Assert.True(report.Tables.TablesChecked >= 1);
        Assert.NotNull(report.Indexes);
        Assert.Equal(4, report.Indexes.RecordsChecked); // resources, entitlements and grants: 2 + 1 + 1
        Assert.True(store.Verify(id).IsHealthy);
    }

    [Fact]
    public void Verify_APlantedIndexProblem_IsReported()
    {
        using SyncStore store = _harness.Open();
        string id = SmallSync(store);
        using KeyBuilder key = new();
        store.Db.Delete(key.Begin(Keyspace.GrantByPrincipal, Ksuid.Parse(id)).Append("user").Append("alice").Append("group:g1:member:user:alice").Key);

        StoreVerifyReport report = store.Verify(id);

        Assert.False(report.IsHealthy);
        string problem = Assert.Single(report.Problems);
        Assert.Contains("GrantByPrincipal", problem, StringComparison.Ordinal);
        Assert.Contains("Missing", problem, StringComparison.Ordinal);
        Assert.Single(report.Indexes!.Problems);
        Assert.True(report.Tables.IsHealthy);
    }

    [Fact]
    public void Verify_ADamagedTable_IsReported()
    {
        using (SyncStore store = _harness.Open())
        {
            BigSync(store, "a");
            store.Db.Flush();
            store.Close();
        }

        string table = _harness.Fs.List(SyncStoreHarness.StorePath).Where(name => name.EndsWith(".sst", StringComparison.Ordinal)).Select(name => Path.Combine(SyncStoreHarness.StorePath, name)).First();

        // A third of the way in lies a data block of resources, which opening the store does not read (it reads the
        // sync-order keyspace, in another block).
        _harness.Fs.FlipBit(table, _harness.Fs.GetLength(table) / 3 * 8);
        using SyncStore reopened = _harness.Open();

        StoreVerifyReport report = reopened.Verify();

        Assert.False(report.IsHealthy);
        Assert.Contains(report.Tables.Problems, problem => problem.Kind == VerifyProblemKind.Corruption && problem.FilePath == table);
        Assert.Contains(report.Problems, line => line.StartsWith("table " + Path.GetFileName(table), StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_AnUnknownSync_IsNotFound()
    {
        using SyncStore store = _harness.Open();
        SmallSync(store);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.Verify("2aaaaaaaaaaaaaaaaaaaaaaaaaa"));
    }

    /// <summary>A finished full sync of 1000 resources with padded names, so that deleting it frees real space.</summary>
    private static string BigSync(SyncStore store, string tag)
    {
        string id = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        Resource[] users = Enumerable.Range(0, 1000)
            .Select(i => MakeResource("user", $"{tag}-{i:D5}").Renamed($"user {tag} {i} {new string('x', 200)}"))
            .ToArray();
        store.PutResources(users);
        store.EndSync();
        return id;
    }

    /// <summary>A finished full sync: a group, a user, the group's entitlement and one grant.</summary>
    private static string SmallSync(SyncStore store)
    {
        string id = store.StartNewSync(SyncType.Full);
        Resource group = MakeResource("group", "g1");
        Resource alice = MakeResource("user", "alice");
        Entitlement member = MakeEntitlement(group, "member");
        store.PutResourceTypes(MakeResourceType("group"), MakeResourceType("user"));
        store.PutResources(group, alice);
        store.PutEntitlements(member);
        store.PutGrants(MakeGrant(member, alice));
        store.EndSync();
        return id;
    }

    private static List<string> SyncIds(SyncStore store) => store.ListSyncRuns(100, null).Items.Select(run => run.Id).ToList();
}
