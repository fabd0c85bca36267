using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;
using Engine.Core.Identifiers;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// CompareSyncs: the read-only comparison of two syncs agrees with the upserts/deletions diff that GenerateSyncDiffFrom
/// writes (upserts = added and changed, deletions = removed), counts what it streams, and writes nothing.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class SyncCompareTests(ITestOutputHelper output)
{
    private static readonly Keyspace[] s_keyspaces = [Keyspace.ResourceType, Keyspace.Resource, Keyspace.Entitlement, Keyspace.Grant];
    private static readonly RecordTable[] s_tables = [RecordTable.ResourceTypes, RecordTable.Resources, RecordTable.Entitlements, RecordTable.Grants];

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void CompareSyncs_AgreesWithGenerateSyncDiffFrom_OnRandomSyncs()
    {
        TestSeed.Run(output, nameof(CompareSyncs_AgreesWithGenerateSyncDiffFrom_OnRandomSyncs), 20, seed =>
        {
            SyncStoreHarness harness = new();
            using SyncStore store = harness.Open();
            Random random = new(seed);
            string old = harness.DiffableSync(store, s => FillRandomly(s, random));
            string @new = harness.DiffableSync(store, s => FillRandomly(s, random));
            ulong writesBefore = LastSequence(store);

            SyncComparison comparison = store.CompareSyncs(old, @new);
            List<SyncChange> changes = comparison.Changes().ToList();
            Assert.Equal(writesBefore, LastSequence(store));

            (string upserts, string deletions) = store.GenerateSyncDiffFrom(null, old, @new);
            for (int i = 0; i < s_tables.Length; i++)
            {
                RecordTable table = s_tables[i];
                HashSet<string> expectedUpserts = Ids(store, s_keyspaces[i], upserts);
                HashSet<string> expectedDeletions = Ids(store, s_keyspaces[i], deletions);
                List<SyncChange> ofTable = changes.Where(c => c.Table == table).ToList();
                Assert.Equal(expectedUpserts, ofTable.Where(c => c.Kind != SyncChangeKind.Removed).Select(c => c.Id).ToHashSet());
                Assert.Equal(expectedDeletions, ofTable.Where(c => c.Kind == SyncChangeKind.Removed).Select(c => c.Id).ToHashSet());
                SyncChangeCounts counts = comparison.CountsOf(table);
                Assert.Equal(ofTable.Count(c => c.Kind == SyncChangeKind.Added), counts.Added);
                Assert.Equal(ofTable.Count(c => c.Kind == SyncChangeKind.Removed), counts.Removed);
                Assert.Equal(ofTable.Count(c => c.Kind == SyncChangeKind.Changed), counts.Changed);
            }

            Assert.Equal(changes.Count, comparison.TotalChanges);
            Assert.Equal(s_tables, comparison.Counts.Select(c => c.Table));
        });
    }

    [Fact]
    public void CompareSyncs_TellsAddedRemovedAndChanged_IncludingAnExpansionOnlyChange()
    {
        using SyncStore store = _harness.Open();
        Resource group = MakeResource("group", "g1");
        Entitlement member = MakeEntitlement(group, "member");
        Grant grant = MakeGrant(member, MakeResource("user", "a"));
        string old = _harness.DiffableSync(store, s =>
        {
            s.PutResources(MakeResource("user", "kept"), MakeResource("user", "renamed"), MakeResource("user", "gone"));
            s.PutGrants(grant.With(Expandable("e1")));
        });
        string @new = _harness.DiffableSync(store, s =>
        {
            s.PutResources(MakeResource("user", "kept"), MakeResource("user", "renamed").Renamed("x"), MakeResource("user", "new"));
            s.PutGrants(grant.With(Expandable("e2")));
        });

        SyncComparison comparison = store.CompareSyncs(old, @new);

        Assert.Equal(
            [
                new SyncChange(RecordTable.Resources, "user:gone", SyncChangeKind.Removed),
                new SyncChange(RecordTable.Resources, "user:new", SyncChangeKind.Added),
                new SyncChange(RecordTable.Resources, "user:renamed", SyncChangeKind.Changed),
                new SyncChange(RecordTable.Grants, grant.Id, SyncChangeKind.Changed),
            ],
            comparison.Changes());
        Assert.Equal(new SyncChangeCounts(RecordTable.Resources, 1, 1, 1), comparison.CountsOf(RecordTable.Resources));
        Assert.Equal(0, store.CompareSyncs(@new, @new).TotalChanges);
        Assert.Equal((old, @new), (comparison.BaseSyncId, comparison.AppliedSyncId));
    }

    [Fact]
    public void CompareSyncs_MissingSync_IsNotFound_AndAClosedStoreRefusesTheStream()
    {
        SyncStore store = _harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        store.EndSync();
        string missing = Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString();

        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.CompareSyncs(sync, missing));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.CompareSyncs("not a ksuid", sync));
        Assert.Throws<ArgumentNullException>(() => store.CompareSyncs(null!, sync));

        SyncComparison comparison = store.CompareSyncs(sync, sync);
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => comparison.Changes().ToList());
        Assert.Throws<ObjectDisposedException>(() => store.CompareSyncs(sync, sync));
    }

    [Fact]
    public void CompareSyncs_WorksOnAReadOnlyStore_AndOnSyncsThatDoNotSupportDiffs()
    {
        string first, second;
        using (SyncStore store = _harness.Open())
        {
            first = store.StartNewSync(SyncType.Full);
            store.PutResources(MakeResource("user", "a"));
            store.EndSync();
            second = store.StartNewSync(SyncType.Full);
            store.PutResources(MakeResource("user", "b"));
            store.EndSync();
        }

        using SyncStore readOnly = _harness.Open(SyncStoreOptions.Default with { ReadOnly = true });
        SyncComparison comparison = readOnly.CompareSyncs(first, second);
        Assert.Equal(new SyncChangeCounts(RecordTable.Resources, 1, 1, 0), comparison.CountsOf(RecordTable.Resources));
    }

    /// <summary>A few records of each kind from small id universes, with random content versions and expansions.</summary>
    private static void FillRandomly(SyncStore store, Random random)
    {
        store.PutResourceTypes([.. Pick(random, 4).Select(i => MakeResourceType($"t{i}").Renamed($"v{random.Next(2)}"))]);
        Resource[] resources = [.. Pick(random, 30).Select(i => MakeResource("user", $"u{i}").Renamed($"v{random.Next(3)}"))];
        store.PutResources(resources);
        Resource group = MakeResource("group", "g");
        store.PutEntitlements([.. Pick(random, 6).Select(i => MakeEntitlement(group, $"e{i}").Renamed($"v{random.Next(2)}"))]);
        Entitlement member = MakeEntitlement(group, "member");
        store.PutGrants([.. Pick(random, 30).Select(i =>
        {
            Grant grant = MakeGrant(member, MakeResource("user", $"u{i}"));
            return random.Next(3) switch
            {
                0 => grant,
                1 => grant.With(Expandable($"x{random.Next(2)}")),
                _ => grant.With(Google.Protobuf.WellKnownTypes.Any.Pack(new GrantImmutable { SourceId = $"v{random.Next(2)}" })),
            };
        })]);
    }

    private static IEnumerable<int> Pick(Random random, int universe) => Enumerable.Range(0, universe).Where(_ => random.Next(10) < 7);

    private static ulong LastSequence(SyncStore store)
    {
        using Snapshot snapshot = store.Db.GetSnapshot();
        return snapshot.Sequence;
    }

    private static HashSet<string> Ids(SyncStore store, Keyspace keyspace, string syncId) =>
        store.Db.Scan(SyncKeys.SyncRange(keyspace, Ksuid.Parse(syncId))).Select(e => SyncStore.RecordId(e.Key)).ToHashSet();
}
