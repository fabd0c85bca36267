using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Core.Identifiers;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Deleting a sync leaves nothing of it (spec 4.16, in the spirit of the reference's
/// <c>TestSyncScopedRangesCoverEveryWrittenIndex</c>): every key a sync's writes create lies in a range
/// <see cref="SyncStore.DeleteSyncRun"/> deletes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncDeleteRangesTests
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void EveryKeyspaceButTheGlobalOnes_IsSyncScoped()
    {
        Keyspace[] global = [Keyspace.Meta, Keyspace.SyncOrder];

        Assert.Equal(Enum.GetValues<Keyspace>().Except(global).Order(), SyncKeys.SyncScoped.ToArray().Order());
    }

    [Fact]
    public void DeleteSyncRun_LeavesNoKeyOrValueNamingTheSync_AndKeepsTheOtherSyncs()
    {
        using SyncStore store = _harness.Open();
        string kept = store.Ended(_harness.Clock, fill: WriteEverything);
        string doomed = store.Ended(_harness.Clock, fill: s =>
        {
            WriteEverything(s);
            // Keyspaces without a public writer in this store yet (assets, sessions) get raw keys of the sync.
            using KeyBuilder key = new();
            Ksuid sync = s.RequireCurrentSync();
            foreach (Keyspace keyspace in new[] { Keyspace.Asset, Keyspace.AssetChunk, Keyspace.Session })
            {
                s.Db.Put(key.Begin(keyspace, sync).Append("x").Key, [1]);
            }
        });
        byte[] doomedId = Ksuid.Parse(doomed).ToByteArray();
        int keysBefore = KeysNaming(store, doomedId);
        Assert.True(keysBefore > SyncKeys.SyncScoped.Length, $"only {keysBefore} keys name the sync before it is deleted");
        int keptBefore = KeysNaming(store, Ksuid.Parse(kept).ToByteArray());

        store.DeleteSyncRun(doomed);

        Assert.Equal(0, KeysNaming(store, doomedId));
        Assert.Equal(keptBefore, KeysNaming(store, Ksuid.Parse(kept).ToByteArray()));
        Assert.Equal([kept], store.ListSyncRuns(0, null).Items.Select(r => r.Id));
        Assert.Equal(4, store.SyncMeta.StatsV2(SyncType.Any, kept).Grants);
    }

    /// <summary>Every kind of record through the public API: types, resources with parents, entitlements, grants with and without expansion, a deleted grant, a checkpoint.</summary>
    private static void WriteEverything(SyncStore store)
    {
        Resource org = MakeResource("org", "o");
        Resource group = MakeResource("group", "g", org);
        Resource alice = MakeResource("user", "alice", org);
        Resource bob = MakeResource("user", "bob", org);
        Entitlement member = MakeEntitlement(group, "member");
        Entitlement admin = MakeEntitlement(org, "admin");
        store.PutResourceTypes(MakeResourceType("org"), MakeResourceType("group"), MakeResourceType("user", ResourceType.Types.Trait.User));
        store.PutResources(org, group, alice, bob);
        store.PutEntitlements(member, admin);
        store.PutGrants(
            MakeGrant(member, alice),
            MakeGrant(member, bob).With(Expandable(admin.Id)),
            MakeGrant(admin, alice).With(Expandable(member.Id)),
            MakeGrant(admin, group),
            MakeGrant(admin, bob));
        store.StoreExpandedGrants(MakeGrant(admin, alice));
        store.DeleteGrant(MakeGrant(admin, bob).Id);
        store.CheckpointSync("""{"step_durations_ms":{"list-grants":1}}""");
    }

    /// <summary>The keys (and values) anywhere in the store that hold <paramref name="syncId"/>'s 20 bytes.</summary>
    private static int KeysNaming(SyncStore store, byte[] syncId) =>
        store.Db.Scan().Count(e => e.Key.AsSpan().IndexOf(syncId) >= 0 || e.Value.AsSpan().IndexOf(syncId) >= 0);
}
