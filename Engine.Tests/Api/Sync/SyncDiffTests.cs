using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Core.Identifiers;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Diffs and the keep-newer merge (spec 1.12, 1.13; checklist items 30 to 32): which records land in which sync, with
/// what state, compared byte for byte.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncDiffTests
{
    private static readonly Resource s_group = MakeResource("group", "g1");
    private static readonly Entitlement s_member = MakeEntitlement(s_group, "member");

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item31_GenerateSyncDiff_IsAPartialSyncOfTheAdditionsOnly()
    {
        using SyncStore store = _harness.Open();
        string baseSync = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "a"), MakeResource("user", "b"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string applied = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "a").Renamed("modified"), MakeResource("user", "c"));
        store.EndSync();

        string diff = store.GenerateSyncDiff(baseSync, applied);

        SyncRunRecord run = store.TryGetRun(Ksuid.Parse(diff))!;
        Assert.Equal("partial", run.SyncType);
        Assert.Equal(baseSync, run.ParentSyncId);
        Assert.NotNull(run.EndedAtUnixNanos);
        store.ViewSync(diff);
        Assert.Equal(["c"], store.ListResources(new ListResourcesRequest()).Items.Select(r => r.Id.Resource));
        Assert.Equal(["c"], store.ListResources(new ListResourcesRequest { ResourceTypeId = "user" }).Items.Select(r => r.Id.Resource));
    }

    [Fact]
    public void GenerateSyncDiff_CopiesGrantsWithoutTheirExpansionState_AndLeavesTheCurrentSyncAlone()
    {
        using SyncStore store = _harness.Open();
        string baseSync = store.StartNewSync(SyncType.Full);
        store.EndSync();
        string applied = store.StartNewSync(SyncType.Full);
        Grant grant = MakeGrant(s_member, MakeResource("user", "a")).With(Expandable("x"));
        store.PutGrants(grant);

        string diff = store.GenerateSyncDiff(baseSync, applied);

        StoredRecords.Stored copied = StoredRecords.Get(store, Keyspace.Grant, diff, grant.Id)!;
        Assert.Null(copied.Expansion);
        Assert.Equal(RecordFlags.None, copied.Flags);
        Assert.Empty(StoredRecords.KeyTails(store, Keyspace.GrantNeedsExpansion, diff));
        Assert.Single(StoredRecords.KeyTails(store, Keyspace.GrantByPrincipal, diff));
        Assert.Equal(applied, store.ResumeSync(SyncType.Full));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GenerateSyncDiff(baseSync, Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString()));
    }

    [Fact]
    public void Item32_UpsertsAndDeletions_AreLinkedPartialSyncs_HoldingTheChangesOfEachKind()
    {
        using SyncStore store = _harness.Open();
        string old = _harness.DiffableSync(store, s => s.PutResources(MakeResource("user", "kept"), MakeResource("user", "changed"), MakeResource("user", "gone")));
        string @new = _harness.DiffableSync(store, s => s.PutResources(MakeResource("user", "kept"), MakeResource("user", "changed").Renamed("x"), MakeResource("user", "added")));

        (string upserts, string deletions) = store.GenerateSyncDiffFrom(null, old, @new);

        SyncRunRecord up = store.TryGetRun(Ksuid.Parse(upserts))!;
        SyncRunRecord del = store.TryGetRun(Ksuid.Parse(deletions))!;
        Assert.Equal(("partial_upserts", "partial_deletions"), (up.SyncType, del.SyncType));
        Assert.Equal((deletions, upserts), (up.LinkedSyncId, del.LinkedSyncId));
        Assert.Equal((old, old), (up.ParentSyncId, del.ParentSyncId));
        Assert.True(up.SupportsDiff && del.SupportsDiff);
        Assert.Equal(up.EndedAtUnixNanos, del.EndedAtUnixNanos);
        Assert.NotNull(up.EndedAtUnixNanos);
        Assert.Equal(["added", "changed"], Resources(store, upserts));
        Assert.Equal(["gone"], Resources(store, deletions));
    }

    [Fact]
    public void Item32_AnUnchangedSync_GivesTwoEmptySyncs_AndSyncsThatDoNotSupportDiffsAreRefused()
    {
        using SyncStore store = _harness.Open();
        string old = _harness.DiffableSync(store, s => s.PutResources(MakeResource("user", "a")));
        string same = _harness.DiffableSync(store, s => s.PutResources(MakeResource("user", "a")));
        string plain = store.StartNewSync(SyncType.Full);
        store.EndSync();

        (string upserts, string deletions) = store.GenerateSyncDiffFrom(null, old, same);

        Assert.Empty(Resources(store, upserts));
        Assert.Empty(Resources(store, deletions));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.GenerateSyncDiffFrom(null, old, plain));
    }

    [Fact]
    public void Item30_AnExpansionChange_IsAnUpsertEvenWhenTheBlobIsIdentical()
    {
        using SyncStore store = _harness.Open();
        Grant grant = MakeGrant(s_member, MakeResource("user", "a"));
        string old = _harness.DiffableSync(store, s => s.PutGrants(grant.With(Expandable("e1"))));
        string @new = _harness.DiffableSync(store, s => s.PutGrants(grant.With(Expandable("e2"))));
        string again = _harness.DiffableSync(store, s => s.PutGrants(grant.With(Expandable("e2"))));

        (string upserts, _) = store.GenerateSyncDiffFrom(null, old, @new);
        (string none, _) = store.GenerateSyncDiffFrom(null, @new, again);

        Assert.NotNull(StoredRecords.Get(store, Keyspace.Grant, upserts, grant.Id));
        Assert.Null(StoredRecords.Get(store, Keyspace.Grant, none, grant.Id));
    }

    [Fact]
    public void GenerateSyncDiffFrom_ReadsTheOldSyncFromAnotherStore()
    {
        SyncStoreHarness otherHarness = new();
        using SyncStore other = otherHarness.Open();
        string old = otherHarness.DiffableSync(other, s => s.PutResources(MakeResource("user", "a"), MakeResource("user", "b")));
        using SyncStore store = _harness.Open();
        string @new = _harness.DiffableSync(store, s => s.PutResources(MakeResource("user", "b"), MakeResource("user", "c")));

        (string upserts, string deletions) = store.GenerateSyncDiffFrom(other, old, @new);

        Assert.Equal(["c"], Resources(store, upserts));
        Assert.Equal(["a"], Resources(store, deletions));
    }

    [Fact]
    public void MergeNewer_KeepsTheLaterDiscoveredRecord_AndUnitesTheSyncs()
    {
        using SyncStore store = _harness.Open();
        string baseSync = store.StartNewSync(SyncType.Partial, "");
        store.PutResources(MakeResource("user", "a").Renamed("base a"), MakeResource("user", "b").Renamed("base b"));
        store.EndSync();
        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        string applied = store.StartNewSync(SyncType.Full);
        store.PutResources(MakeResource("user", "b", s_group).Renamed("applied b"), MakeResource("user", "c"));
        store.EndSync();
        long appliedEnd = store.TryGetRun(Ksuid.Parse(applied))!.EndedAtUnixNanos!.Value;

        store.MergeNewer(null, applied, baseSync);

        Assert.Equal(["base a", "applied b", "user c"], store.ListResources(new ListResourcesRequest { SyncId = baseSync }).Items.Select(r => r.DisplayName));
        SyncRunRecord merged = store.TryGetRun(Ksuid.Parse(baseSync))!;
        Assert.Equal(("full", appliedEnd), (merged.SyncType, merged.EndedAtUnixNanos!.Value));

        // The replaced record brought its side columns and so its index entries.
        Assert.Equal(["b"], store.ListResources(new ListResourcesRequest { SyncId = baseSync, ParentResourceId = s_group.Id }).Items.Select(r => r.Id.Resource));

        // An older applied record does not replace a newer base one.
        store.MergeNewer(null, baseSync, applied);
        Assert.Equal("user c", store.GetResource(new GetResourceRequest { ResourceId = MakeResource("user", "c").Id, SyncId = applied }).DisplayName);
        Assert.Equal("applied b", store.GetResource(new GetResourceRequest { ResourceId = MakeResource("user", "b").Id, SyncId = applied }).DisplayName);
    }

    [Theory]
    [InlineData("full", "partial", "full")]
    [InlineData("partial", "resources_only", "resources_only")]
    [InlineData("partial", "partial_upserts", "partial")]
    [InlineData("resources_only", "full", "full")]
    public void MergedSyncType_IsTheUnion(string a, string b, string union) => Assert.Equal(union, SyncStore.UnionType(a, b));

    private static List<string> Resources(SyncStore store, string sync) =>
        store.ListResources(new ListResourcesRequest { SyncId = sync }).Items.Select(r => r.Id.Resource).ToList();
}
