using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.V1;
using Engine.Sqlite;
using Engine.Tests.Api.Sync;
using Microsoft.Data.Sqlite;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Sqlite;

/// <summary>What is SQLite-specific in the reference backend: rowid order and tokens, timestamps as text, the expansion CASE, the file round trip.</summary>
public sealed class SqliteSyncStoreTests
{
    [Fact]
    public void Listing_ComesInRowidOrderWithRowidTokens()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        string[] ids = [.. Enumerable.Range(0, 25).Select(i => $"u{(i * 7) % 25:D2}")];
        foreach (string id in ids)
        {
            store.PutResources(MakeResource("user", id));
        }

        Page<Resource> first = store.ListResources(new ListResourcesRequest { PageSize = 10 });
        Assert.Equal(ids[..10], first.Items.Select(r => r.Id.Resource));
        Assert.Equal("11", first.NextPageToken);
        List<string> all = [.. first.Items.Select(r => r.Id.Resource)];
        string token = first.NextPageToken;
        while (token.Length != 0)
        {
            Page<Resource> page = store.ListResources(new ListResourcesRequest { PageSize = 10, PageToken = token });
            all.AddRange(page.Items.Select(r => r.Id.Resource));
            token = page.NextPageToken;
        }

        Assert.Equal(ids, all);
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListResources(new ListResourcesRequest { PageToken = "abc" }));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.ListResources(new ListResourcesRequest { PageToken = "-3" }));
    }

    [Fact]
    public void Timestamps_AreStoredAsTheReferenceText()
    {
        using SqliteHarness harness = new();
        harness.Clock.Advance(TimeSpan.FromTicks(1234567));
        string syncId;
        using (SqliteSyncStore store = harness.Open())
        {
            syncId = store.StartNewSync(SyncType.Full);
            store.PutResourceTypes(MakeResourceType("user"));
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            store.EndSync();
            store.Close();
        }

        long started = SqliteSyncStore.ToUnixNanos(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));
        using SqliteConnection connection = SqliteSchemaTests.OpenRaw(harness.DatabasePath);
        Assert.Equal(V1Timestamp.Format(started, TimeZoneInfo.Utc), SqliteSchemaTests.Strings(connection, "SELECT started_at FROM v1_sync_runs")[0]);
        Assert.Equal("2026-12-01 12:00:00.1234567", SqliteSchemaTests.Strings(connection, "SELECT discovered_at FROM v1_resource_types")[0]);
        Assert.Equal("2026-12-01 12:00:01.1234567", SqliteSchemaTests.Strings(connection, "SELECT ended_at FROM v1_sync_runs")[0]);
        Assert.Equal([syncId], SqliteSchemaTests.Strings(connection, "SELECT sync_id FROM v1_sync_runs"));
    }

    [Fact]
    public void PutGrants_FollowsTheExpansionCaseRules()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource group = MakeResource("group", "g1");
        Entitlement member = MakeEntitlement(group, "member");
        Grant grant = MakeGrant(member, MakeResource("user", "u1"));

        store.PutGrants(grant.With(Expandable("group:g2:member")));
        Assert.Equal([grant.Id], store.Grants.PendingExpansion().Select(p => p.GrantExternalId));
        Assert.DoesNotContain(store.GetGrant(new GetGrantRequest { GrantId = grant.Id }).Annotations, a => a.Is(GrantExpandable.Descriptor));

        // The expander's write-back keeps the expansion columns of an existing grant; a new grant gets none.
        Grant other = MakeGrant(member, MakeResource("user", "u2"));
        store.Grants.StoreExpandedGrants(grant.With(Expandable("group:g9:member")), other);
        GrantWithAnnotation kept = store.Grants.ListWithAnnotations().Single(g => g.GrantExternalId == grant.Id);
        Assert.Equal(["group:g2:member"], kept.Annotation!.EntitlementIds);
        Assert.True(kept.NeedsExpansion);
        Assert.Null(store.Grants.ListWithAnnotations().Single(g => g.GrantExternalId == other.Id).Annotation);

        // A put without the annotation clears both columns; blank ids count as none.
        store.PutGrants(grant);
        Assert.Empty(store.Grants.PendingExpansion());
        store.PutGrants(grant.With(Expandable(" ", "")));
        Assert.Empty(store.Grants.PendingExpansion());
        Assert.Null(store.Grants.ListWithAnnotations().Single(g => g.GrantExternalId == grant.Id).Annotation);

        // NULL -> set raises the flag, and ListGrantsWithExpansion puts the annotation back.
        store.PutGrants(grant.With(Expandable("group:g3:member")));
        Assert.Single(store.Grants.PendingExpansion());
        Grant listed = store.ListGrantsWithExpansion(new ListGrantsRequest()).Items.Single(g => g.Id == grant.Id);
        Assert.Contains(listed.Annotations, a => a.Is(GrantExpandable.Descriptor));
    }

    [Fact]
    public void DiscoveredAt_IsKeptOnConflictAndIfNewerComparesIt()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        ResourceType user = MakeResourceType("user");
        store.PutResourceTypes(user);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        store.PutResourceTypes(user.Renamed("second"));
        Assert.Equal("second", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).DisplayName);
        TransferRecordsEqual(store, sync, "2026-12-01 12:00:00");

        DateTimeOffset earlier = harness.Clock.GetUtcNow().AddHours(-1);
        store.PutResourceTypesIfNewer(new Discovered<ResourceType>(user.Renamed("older"), earlier), new Discovered<ResourceType>(MakeResourceType("group"), null));
        Assert.Equal("second", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).DisplayName);
        Assert.Single(store.ListResourceTypes(new ListResourceTypesRequest()).Items);
        store.PutResourceTypesIfNewer(new Discovered<ResourceType>(user.Renamed("newer"), harness.Clock.GetUtcNow()));
        Assert.Equal("newer", store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).DisplayName);
    }

    [Fact]
    public void Lifecycle_StartIsIdempotentAndStatsFollowTheReference()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        Assert.Equal(sync, store.StartNewSync(SyncType.Full));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.StartNewSync(SyncType.Partial));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.ResumeSync(SyncType.Full, "2ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"));
        Resource alice = MakeResource("user", "alice");
        Resource admins = MakeResource("group", "admins");
        store.PutResources(alice, MakeResource("user", "bob"));
        Entitlement member = MakeEntitlement(admins, "member");
        store.PutEntitlements(member);
        store.PutGrants(MakeGrant(member, alice));
        store.CheckpointSync("{\"step_durations_ms\":{\"b\":2,\"a\":1}}");
        Assert.Equal("{\"step_durations_ms\":{\"b\":2,\"a\":1}}", store.CurrentSyncStep());
        store.EndSync();

        IReadOnlyDictionary<string, long> stats = store.SyncMeta.Stats(SyncType.Any, "");
        Assert.Equal(new Dictionary<string, long> { ["resource_types"] = 2, ["user"] = 2, ["group"] = 0, ["entitlements"] = 1, ["grants"] = 1 }, stats);
        C1.Reader.V2.SyncStats v2 = store.SyncMeta.StatsV2(SyncType.Full, sync);
        Assert.Equal(1, v2.GrantsByResourceType["group"]);
        Assert.Equal(2, v2.StepDurationsMs["b"]);
        Assert.Equal(sync, store.LatestFinishedSyncId(SyncType.Full));
        Assert.Equal(2, store.ListSyncRuns(0, null).Items.Single().Stats!.ResourceTypes);
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.SyncMeta.Stats(SyncType.Partial, sync));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.PutResourceTypes(MakeResourceType("x")));
    }

    [Fact]
    public void Close_WritesAC1zThatReopensWithTheSameContent()
    {
        using SqliteHarness harness = new();
        string c1z = harness.PathOf("store.c1z");
        string sync;
        using (SqliteSyncStore store = SqliteSyncStore.Open(c1z, harness.Options()))
        {
            Assert.Equal(new StoreMetadata("sqlite", "v1", ""), store.Metadata);
            sync = store.StartNewSync(SyncType.Full);
            store.PutResourceTypes(MakeResourceType("user"));
            store.PutAsset(new AssetRef { Id = "icon" }, "", [1, 2, 3]);
            store.Sessions.Put(new SessionScope(sync, "p:"), "k", [9]);
            store.EndSync();
            Assert.True(store.IsDirty);
            Assert.True(store.CurrentSizeBytes() > 0);
            store.Close();
            store.Close();
        }

        Assert.Equal("C1ZF\0"u8.ToArray(), File.ReadAllBytes(c1z)[..5]);
        using SqliteSyncStore reopened = SqliteSyncStore.Open(c1z, harness.Options(readOnly: true));
        Assert.Equal(sync, reopened.LatestFinishedSyncId(SyncType.Full));
        Assert.Equal("user", reopened.ListResourceTypes(new ListResourceTypesRequest()).Items.Single().Id);
        using AssetContent asset = reopened.GetAsset(new GetAssetRequest { Asset = new AssetRef { Id = "icon" } });
        Assert.Equal("unknown", asset.ContentType);
        Assert.True(reopened.Sessions.TryGet(new SessionScope(sync, "p:"), "k", out byte[] value));
        Assert.Equal([9], value);
        Assert.False(reopened.IsDirty);
        reopened.Close();
    }

    [Fact]
    public void Close_ReadOnlyAndDirty_FailsAndLeavesTheFile()
    {
        using SqliteHarness harness = new();
        string c1z = harness.PathOf("store.c1z");
        using (SqliteSyncStore store = SqliteSyncStore.Open(c1z, harness.Options()))
        {
            store.StartNewSync(SyncType.Full);
            store.EndSync();
            store.Close();
        }

        byte[] before = File.ReadAllBytes(c1z);
        using SqliteSyncStore readOnly = SqliteSyncStore.Open(c1z, harness.Options(readOnly: true));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.StartNewSync(SyncType.Full));
        _ = readOnly.GetSync(readOnly.LatestFinishedSyncId(SyncType.Full));
        Assert.False(readOnly.IsDirty);
        readOnly.MarkDirty();
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, readOnly.Close);
        readOnly.Close();
        Assert.Equal(before, File.ReadAllBytes(c1z));
        Assert.Empty(Directory.GetDirectories(harness.Directory));
    }

    [Fact]
    public void DeleteGrant_DoesNotMarkTheStoreDirty()
    {
        using SqliteHarness harness = new();
        string c1z = harness.PathOf("store.c1z");
        Grant grant = MakeGrant(MakeEntitlement(MakeResource("group", "g"), "member"), MakeResource("user", "u"));
        using (SqliteSyncStore store = SqliteSyncStore.Open(c1z, harness.Options()))
        {
            store.StartNewSync(SyncType.Full);
            store.PutGrants(grant);
            store.Close();
        }

        using SqliteSyncStore reopened = SqliteSyncStore.Open(c1z, harness.Options());
        reopened.ResumeSync(SyncType.Full);
        reopened.DeleteGrant(grant.Id);
        Assert.False(reopened.IsDirty);
        Assert.Empty(reopened.ListGrants(new ListGrantsRequest()).Items);
    }

    [Fact]
    public void CloneSync_WritesOnlyThatSyncWithItsSessions()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        store.Sessions.Put(new SessionScope(first), "a", [1]);
        store.EndSync();
        string second = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("group"));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.FileOps.CloneSync(harness.PathOf("open.c1z"), second));
        store.EndSync();

        string clone = harness.PathOf("clone.c1z");
        store.FileOps.CloneSync(clone, first);
        SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => store.FileOps.CloneSync(clone, first));
        using SqliteSyncStore cloned = SqliteSyncStore.Open(clone, harness.Options(readOnly: true));
        Assert.Equal([first], cloned.ListSyncs(0, null).Items.Select(s => s.Id));
        Assert.Equal(["user"], cloned.ListResourceTypes(new ListResourceTypesRequest()).Items.Select(t => t.Id));
        Assert.True(cloned.Sessions.TryGet(new SessionScope(first), "a", out _));
    }

    [Fact]
    public void Export_OfOurOwnStore_ReopensWithEveryRun()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        string first = store.StartNewSync(SyncType.Full);
        Resource group = MakeResource("group", "g");
        Entitlement member = MakeEntitlement(group, "member");
        store.PutResources(group, MakeResource("user", "child", group));
        store.PutEntitlements(member);
        store.PutGrants(MakeGrant(member, MakeResource("user", "u")).With(Expandable("group:h:member")));
        store.EndSync();
        string second = store.StartNewSync(SyncType.Partial, first);
        store.EndSync();

        string exported = harness.PathOf("export.c1z");
        V1Export.Export(store, exported);
        using SqliteSyncStore copy = SqliteSyncStore.Open(exported, harness.Options(readOnly: true));
        Assert.Equal(Runs(store), Runs(copy));
        foreach (Engine.Api.Sync.Transfer.RecordTable table in Enum.GetValues<Engine.Api.Sync.Transfer.RecordTable>())
        {
            Assert.Equal(Describe(store.ExportRecords(first, table)), Describe(copy.ExportRecords(first, table)));
        }

        string one = harness.PathOf("one.c1z");
        V1Export.Export(store, one, second);
        using SqliteSyncStore single = SqliteSyncStore.Open(one, harness.Options(readOnly: true));
        Assert.Equal([second], single.ListSyncs(0, null).Items.Select(s => s.Id));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => V1Export.Export(store, harness.PathOf("none.c1z"), "2ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    }

    [Fact]
    public void GenerateSyncDiff_CopiesAdditionsOnlyWithoutExpansion()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        Entitlement member = MakeEntitlement(MakeResource("group", "g"), "member");
        string baseSync = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        store.EndSync();
        string applied = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user").Renamed("changed"), MakeResourceType("group"));
        store.PutGrants(MakeGrant(member, MakeResource("user", "u")).With(Expandable("group:h:member")));
        store.EndSync();

        string diff = store.FileOps.GenerateSyncDiff(baseSync, applied);
        Assert.Equal(["group"], store.ListResourceTypes(new ListResourceTypesRequest { SyncId = diff }).Items.Select(t => t.Id));
        store.ViewSync(diff);
        Assert.Single(store.ListGrants(new ListGrantsRequest()).Items);
        Assert.Empty(store.Grants.PendingExpansion());
        C1.Reader.V2.SyncRun run = store.GetSync(diff);
        Assert.Equal("partial", run.SyncType);
        Assert.Equal(baseSync, run.ParentSyncId);
        Assert.NotNull(run.EndedAt);
    }

    [Fact]
    public void Cleanup_KeepsTheTwoLatestFullSyncs()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        List<string> syncs = [];
        for (int i = 0; i < 4; i++)
        {
            syncs.Add(store.StartNewSync(SyncType.Full));
            store.PutResourceTypes(MakeResourceType("t" + i));
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
            store.EndSync();
        }

        store.Cleanup();
        Assert.Equal(syncs[2..], store.ListSyncs(0, null).Items.Select(s => s.Id));
        Assert.Empty(store.ListResourceTypes(new ListResourceTypesRequest { SyncId = syncs[0] }).Items);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.DeleteSyncRun(syncs[0]));
    }

    [Fact]
    public void Sessions_MatchThePrefixExactly()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        store.Sessions.Put(new SessionScope(sync, "a_%"), "1", [1]);
        store.Sessions.Put(new SessionScope(sync, "A_%"), "2", [2]);
        store.Sessions.Put(new SessionScope(sync, "ab%"), "3", [3]);
        Assert.Equal(["1"], store.Sessions.GetAll(new SessionScope(sync, "a_%"), null).Items.Select(e => e.Key));
        store.Sessions.Clear(new SessionScope(sync, "a_%"));
        Assert.Equal(["A_%2", "ab%3"], store.Sessions.GetAll(new SessionScope(sync), null).Items.Select(e => e.Key));
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.Sessions.Put(new SessionScope(""), "k", [1]));

        Dictionary<string, byte[]> many = Enumerable.Range(0, 100).ToDictionary(i => $"k{i:D3}", i => new byte[] { (byte)i });
        store.Sessions.PutMany(new SessionScope(sync, "m"), many);
        store.Sessions.Put(new SessionScope(sync, "m"), "k100", [0]);
        Page<KeyValuePair<string, byte[]>> page = store.Sessions.GetAll(new SessionScope(sync, "m"), null);
        Assert.Equal(100, page.Items.Count);
        Assert.Equal(["k100"], store.Sessions.GetAll(new SessionScope(sync, "m"), page.NextPageToken).Items.Select(e => e.Key));
    }

    [Fact]
    public void ListGrantsForEntitlements_PagesByEntitlementThenRowidAndRestartsOnAnotherList()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore store = harness.Open();
        store.StartNewSync(SyncType.Full);
        Entitlement b = MakeEntitlement(MakeResource("group", "b"), "member");
        Entitlement a = MakeEntitlement(MakeResource("group", "a"), "member");
        foreach (int i in new[] { 3, 1, 2 })
        {
            store.PutGrants(MakeGrant(b, MakeResource("user", "u" + i)), MakeGrant(a, MakeResource("user", "u" + i)));
        }

        List<string> seen = [];
        string token = "";
        do
        {
            Page<Grant> page = store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [b, a], PageSize = 2, PageToken = token });
            seen.AddRange(page.Items.Select(g => g.Id));
            token = page.NextPageToken;
        }
        while (token.Length != 0);

        string[] expected = [.. new[] { 3, 1, 2 }.Select(i => $"{a.Id}:user:u{i}"), .. new[] { 3, 1, 2 }.Select(i => $"{b.Id}:user:u{i}")];
        Assert.Equal(expected, seen);
        string second = store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [b, a], PageSize = 2 }).NextPageToken;
        Page<Grant> restarted = store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = [a, b], PageSize = 2, PageToken = second });
        Assert.Equal(expected[..2], restarted.Items.Select(g => g.Id));
    }

    [Fact]
    public void Transfer_RoundTripsRunsRowsAssetsAndSessions()
    {
        using SqliteHarness harness = new();
        using SqliteSyncStore source = harness.Open();
        string sync = source.StartNewSync(SyncType.Full);
        Resource group = MakeResource("group", "g");
        source.PutResources(group, MakeResource("user", "u", group));
        source.PutGrants(MakeGrant(MakeEntitlement(group, "member"), MakeResource("user", "u")).With(Expandable("group:x:member")));
        source.PutAsset(new AssetRef { Id = "a" }, "image/png", [5, 6]);
        source.Sessions.Put(new SessionScope(sync), "s", [7]);
        source.EndSync();

        using SqliteSyncStore target = SqliteSyncStore.OpenDatabase(harness.PathOf("target.db"), harness.Options());
        foreach (Engine.Api.Sync.Transfer.TransferRun run in source.ExportRuns())
        {
            target.ImportRun(run);
            foreach (Engine.Api.Sync.Transfer.RecordTable table in Enum.GetValues<Engine.Api.Sync.Transfer.RecordTable>())
            {
                target.ImportRecords(run.SyncId, table, [.. source.ExportRecords(run.SyncId, table)]);
            }

            foreach (Engine.Api.Sync.Transfer.TransferAsset asset in source.ExportAssets(run.SyncId))
            {
                target.ImportAsset(run.SyncId, asset);
            }

            target.ImportSessions(run.SyncId, [.. source.ExportSessions(run.SyncId)]);
        }

        Assert.Equal(Runs(source), Runs(target));
        foreach (Engine.Api.Sync.Transfer.RecordTable table in Enum.GetValues<Engine.Api.Sync.Transfer.RecordTable>())
        {
            Assert.Equal(Describe(source.ExportRecords(sync, table)), Describe(target.ExportRecords(sync, table)));
        }

        Assert.Equal(source.ExportAssets(sync).Select(a => (a.ExternalId, a.ContentType, Convert.ToHexString(a.Data.Span))), target.ExportAssets(sync).Select(a => (a.ExternalId, a.ContentType, Convert.ToHexString(a.Data.Span))));
        Assert.Equal([7], target.ExportSessions(sync).Single().Value);
        SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => target.ImportRun(source.ExportRuns().First()));
    }

    private static List<string> Runs(SqliteSyncStore store) =>
        [.. store.ExportRuns().Select(r => (r with { IngestInvariantCoverage = [] }).ToString().Replace("IngestInvariantCoverage = System.String[]", "", StringComparison.Ordinal) + string.Join(",", r.IngestInvariantCoverage))];

    private static void TransferRecordsEqual(SqliteSyncStore store, string sync, string discovered)
    {
        Engine.Api.Sync.Transfer.TransferRecord record = store.ExportRecords(sync, Engine.Api.Sync.Transfer.RecordTable.ResourceTypes).Single();
        Assert.Equal(discovered, V1Timestamp.Format(record.DiscoveredAtUnixNanos, TimeZoneInfo.Utc));
    }

    private static List<string> Describe(IEnumerable<Engine.Api.Sync.Transfer.TransferRecord> records) =>
        [.. records.Select(r => $"{r.ExternalId}|{Convert.ToHexString(r.Data.Span)}|{r.DiscoveredAtUnixNanos}|{r.ResourceTypeId}|{r.ResourceId}|{r.ParentResourceTypeId ?? "<null>"}|" +
            $"{r.ParentResourceId ?? "<null>"}|{r.EntitlementId}|{r.PrincipalResourceTypeId}|{r.PrincipalResourceId}|{(r.Expansion is { } e ? Convert.ToHexString(e) : "<null>")}|{r.NeedsExpansion}")];
}
