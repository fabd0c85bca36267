using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Crashes of a sync store on the crash-simulating file system: before every file operation of a PutGrants call (a
/// batch larger than the write buffer, so rotation and flushes happen inside it), of EndSync and of Cleanup (packing is
/// crashed in SyncArtifactTests), keeping only durable
/// state (a machine crash) or everything written (a process crash). The store must open; a batch is whole or absent,
/// never half; index entries match the records; what CheckpointSync or EndSync made durable is there.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SyncCrashTests
{
    private static readonly SyncStoreOptions s_options = new()
    {
        Database = new DatabaseOptions { WriteBufferSizeBytes = 64 << 10, MaxImmutableMemtables = 1 },
    };

    private static readonly Entitlement s_member = MakeEntitlement(MakeResource("group", "g"), "member");

    [Fact]
    public void ACrashInsidePutGrants_LeavesTheBatchWholeOrAbsent_AndTheCheckpointedOnesThere()
    {
        SyncStoreHarness harness = new();
        FaultInjectingFileSystem fs = new(harness.Fs);
        Grant[] first = Grants(0, 300);
        Grant[] second = Grants(300, 1500).Select(g => g.With(Expandable("e"))).ToArray();
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        string sync;
        using (SyncStore store = Open(fs, harness))
        {
            sync = store.StartNewSync(SyncType.Full);
            store.PutGrants(first);
            store.CheckpointSync("after-first");

            fs.BeforeOperation = (_, _) => crashes.Add((harness.Fs.CrashClone(), harness.Fs.CrashClone(CrashOptions.KeepAll)));
            store.PutGrants(second);
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 3, $"only {crashes.Count} file operations inside the put");
        HashSet<string> before = first.Select(g => g.Id).ToHashSet();
        HashSet<string> after = [.. before, .. second.Select(g => g.Id)];
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem crashed in new[] { machine, process })
            {
                using SyncStore reopened = Open(crashed, harness);
                HashSet<string> grants = GrantIds(reopened, sync);
                Assert.True(grants.SetEquals(before) || grants.SetEquals(after), $"{grants.Count} grants: neither {before.Count} nor {after.Count}");
                AssertIndexesMatch(reopened, sync, grants, needsExpansion: grants.Except(before).ToHashSet());
                Assert.Equal(sync, reopened.ResumeSync(SyncType.Full, sync));
                Assert.Equal("after-first", reopened.CurrentSyncStep());
            }
        }
    }

    [Fact]
    public void AProcessCrashWithIndexEntriesHeldBack_RebuildsThemAtTheNextWritableOpen()
    {
        SyncStoreHarness harness = new();
        Grant[] plain = Grants(0, 300);
        Grant[] expandable = Grants(300, 400).Select(g => g.With(Expandable("e"))).ToArray();
        MemFileSystem crashed;
        string sync;
        using (SyncStore store = Open(harness.Fs, harness))
        {
            sync = store.StartNewSync(SyncType.Full);
            store.PutGrants(plain);
            store.PutGrants(expandable);

            // Nothing has read or ended the sync: the index entries are still held back, only the records are written.
            crashed = harness.Fs.CrashClone(CrashOptions.KeepAll);
        }

        SyncStoreOptions readOnly = s_options with { TimeProvider = harness.Clock, ReadOnly = true };
        StorageException refused = Assert.Throws<StorageException>(() =>
            SyncStore.Open(LsmDatabase.Open(crashed, SyncStoreHarness.StorePath, readOnly.Database.ToLsmOptions()), SyncStoreHarness.StorePath, readOnly));
        Assert.Equal(StorageErrorCode.FailedPrecondition, refused.Code);

        using SyncStore reopened = Open(crashed, harness);
        HashSet<string> stored = GrantIds(reopened, sync);
        Assert.Equal(plain.Length + expandable.Length, stored.Count);
        AssertIndexesMatch(reopened, sync, stored, needsExpansion: expandable.Select(g => g.Id).ToHashSet());
        Assert.Empty(reopened.Db.Scan(SyncKeys.KeyspaceRange(Keyspace.IndexesPending)));
    }

    [Fact]
    public void ACrashWhileHeldBackEntriesAreWrittenAsTables_LosesNoIndexEntry()
    {
        // Enough grants that EndSync's drain writes tables (Database.Ingest) rather than a batch.
        SyncStoreHarness harness = new();
        FaultInjectingFileSystem fs = new(harness.Fs);
        Grant[] grants = Grants(0, 6_000);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        string sync;
        using (SyncStore store = Open(fs, harness))
        {
            sync = store.StartNewSync(SyncType.Full);
            store.PutGrants(grants);
            fs.BeforeOperation = (_, _) => crashes.Add((harness.Fs.CrashClone(), harness.Fs.CrashClone(CrashOptions.KeepAll)));
            store.EndSync();
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 6, $"only {crashes.Count} file operations inside EndSync");
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem crashed in new[] { machine, process })
            {
                using SyncStore reopened = Open(crashed, harness);
                HashSet<string> stored = GrantIds(reopened, sync);
                AssertIndexesMatch(reopened, sync, stored, needsExpansion: []);
                Assert.True(crashed == machine || stored.Count == grants.Length, $"a process crash kept {stored.Count} of {grants.Length} grants");
            }
        }
    }

    [Fact]
    public void AConflictThatClearsAHeldBackNeedsExpansionEntry_LeavesNoEntry()
    {
        SyncStoreHarness harness = new();
        Grant[] expandable = Grants(0, 50).Select(g => g.With(Expandable("e"))).ToArray();
        using SyncStore store = Open(harness.Fs, harness);
        string sync = store.StartNewSync(SyncType.Full);
        store.PutGrants(expandable);

        // The same grants again without the annotation: a conflict that drops the needs-expansion entry, which is still
        // held back when the conflict is written.
        store.PutGrants(Grants(0, 50));
        HashSet<string> stored = GrantIds(store, sync);
        AssertIndexesMatch(store, sync, stored, needsExpansion: []);
    }

    [Fact]
    public void EndSync_MakesTheSyncAndEveryEarlierWriteDurable()
    {
        SyncStoreHarness harness = new();
        FaultInjectingFileSystem fs = new(harness.Fs);
        Grant[] grants = Grants(0, 500);
        List<MemFileSystem> crashes = [];
        string sync;
        using (SyncStore store = Open(fs, harness))
        {
            sync = store.StartNewSync(SyncType.Full);
            store.PutGrants(grants);
            fs.BeforeOperation = (_, _) => crashes.Add(harness.Fs.CrashClone());
            store.EndSync();
            fs.BeforeOperation = null;
        }

        crashes.Add(harness.Fs.CrashClone());
        foreach (MemFileSystem crashed in crashes)
        {
            using SyncStore reopened = Open(crashed, harness);
            bool ended = reopened.TryGetRun(Ksuid.Parse(sync))!.EndedAtUnixNanos is not null;
            HashSet<string> stored = GrantIds(reopened, sync);

            // Ended means every grant is there; not ended (a crash inside EndSync) means nothing was promised.
            Assert.True(!ended || stored.Count == grants.Length, $"ended with {stored.Count} of {grants.Length} grants");
            AssertIndexesMatch(reopened, sync, stored, needsExpansion: []);
        }

        using SyncStore last = Open(crashes[^1], harness);
        Assert.NotNull(last.TryGetRun(Ksuid.Parse(sync))!.EndedAtUnixNanos);
    }

    [Fact]
    public void ACrashInsideCleanup_LeavesEachSyncWholeOrGone_AndTheKeptOnesIntact()
    {
        SyncStoreHarness harness = new();
        FaultInjectingFileSystem fs = new(harness.Fs);
        List<(string Id, HashSet<string> Grants)> syncs = [];
        List<MemFileSystem> crashes = [];
        using (SyncStore store = Open(fs, harness))
        {
            for (int i = 0; i < 4; i++)
            {
                harness.Clock.Advance(TimeSpan.FromSeconds(2));
                string id = store.StartNewSync(SyncType.Full);
                Grant[] grants = Grants(i * 200, (i * 200) + 400);
                store.PutGrants(grants);
                store.EndSync();
                syncs.Add((id, grants.Select(g => g.Id).ToHashSet()));
            }

            fs.BeforeOperation = (_, _) => crashes.Add(harness.Fs.CrashClone());
            store.Cleanup();
            fs.BeforeOperation = null;
        }

        crashes.Add(harness.Fs.CrashClone());
        Assert.True(crashes.Count >= 3, $"only {crashes.Count} file operations inside Cleanup");
        foreach (MemFileSystem crashed in crashes)
        {
            using SyncStore reopened = Open(crashed, harness);
            List<string> left = reopened.RunsInCreationOrder().Select(r => r.Id.ToString()).ToList();

            // The two newest full syncs are kept; an older one is either whole or gone, never half deleted.
            Assert.Contains(syncs[2].Id, left);
            Assert.Contains(syncs[3].Id, left);
            foreach ((string id, HashSet<string> grants) in syncs)
            {
                HashSet<string> stored = GrantIds(reopened, id);
                Assert.True(left.Contains(id) ? stored.SetEquals(grants) : stored.Count == 0, $"sync {id}: {stored.Count} grants left");
            }

            Assert.True(reopened.VerifyIndexes().IsClean);
        }

        using SyncStore final = Open(crashes[^1], harness);
        Assert.Equal([syncs[2].Id, syncs[3].Id], final.RunsInCreationOrder().Select(r => r.Id.ToString()));
    }

    private static SyncStore Open(IFileSystem fs, SyncStoreHarness harness)
    {
        SyncStoreOptions options = s_options with { TimeProvider = harness.Clock };
        return SyncStore.Open(LsmDatabase.Open(fs, SyncStoreHarness.StorePath, options.Database.ToLsmOptions()), SyncStoreHarness.StorePath, options);
    }

    private static Grant[] Grants(int from, int to) =>
        Enumerable.Range(from, to - from).Select(i => MakeGrant(s_member, MakeResource("user", $"u{i:D5}"))).ToArray();

    private static HashSet<string> GrantIds(SyncStore store, string sync) =>
        store.Db.Scan(SyncKeys.SyncRange(Keyspace.Grant, Ksuid.Parse(sync))).Select(e => LastString(e.Key)).ToHashSet();

    /// <summary>Every index of the grants names exactly the stored grants; the needs-expansion index exactly the expandable ones.</summary>
    private static void AssertIndexesMatch(SyncStore store, string sync, HashSet<string> grants, HashSet<string> needsExpansion)
    {
        foreach (Keyspace index in new[] { Keyspace.GrantByEntitlement, Keyspace.GrantByEntitlementResource, Keyspace.GrantByPrincipal })
        {
            HashSet<string> named = store.Db.Scan(SyncKeys.SyncRange(index, Ksuid.Parse(sync))).Select(e => LastString(e.Key)).ToHashSet();
            Assert.True(named.SetEquals(grants), $"{index} names {named.Count} grants, {grants.Count} are stored");
        }

        Assert.True(store.VerifyIndexes(sync).IsClean, string.Join("; ", store.VerifyIndexes(sync).Problems));
        HashSet<string> needing = store.Db.Scan(SyncKeys.SyncRange(Keyspace.GrantNeedsExpansion, Ksuid.Parse(sync))).Select(e => LastString(e.Key)).ToHashSet();
        Assert.True(needing.SetEquals(needsExpansion), $"{needing.Count} grants need expansion, {needsExpansion.Count} expected");
    }

    private static string LastString(byte[] key)
    {
        TupleReader reader = new(key.AsSpan(SyncKeys.SyncPrefixLength));
        string last = "";
        while (reader.TryReadNext(out _))
        {
            last = reader.GetString();
        }

        return last;
    }
}
