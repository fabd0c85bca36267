using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Tee;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// The writes the model test does not drive, through a throwing tee over our LSM store and the secondary backend: the
/// sync-metadata writes, put-if-newer of every record type, assets from streams, the upserts/deletions diff (within the
/// store and from another store), the keep-newer merge and the isolating copy; each followed by the sweep of every reader.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class CrossEngineWriteTests(ITestOutputHelper output)
{
    [Fact]
    public void MetadataWrites_DiffsAndMerges_AnswerAlike() =>
        TestSeed.Run(output, nameof(MetadataWrites_DiffsAndMerges_AnswerAlike), 2, seed =>
        {
            using TeePair pair = new();
            Random random = new(seed);
            TeeSyncStore store = pair.Store;
            DatasetFacts facts = CrossEngineDataset.Build(store, pair.Clock, random, scale: 6);
            store.EndSyncIfOpen();
            string older = facts.SyncIds[0];
            string newer = store.LatestFinishedSyncId(SyncType.Full);

            Expect(null, () => store.SyncMeta.RecalculateStats(older));
            Expect(StorageErrorCode.NotFound, () => store.SyncMeta.RecalculateStats(MissingSync()));
            Expect(null, () => store.SyncMeta.MarkIngestInvariantsVerified(older, new IngestInvariantVerification("g1", ["resources", "grants"], "connector")));
            Expect(StorageErrorCode.InvalidArgument, () => store.SyncMeta.MarkIngestInvariantsVerified(older, new IngestInvariantVerification("", ["resources"], "connector")));
            Expect(null, () => store.SyncMeta.ClearIngestInvariantVerification(older));
            Expect(StorageErrorCode.NotFound, () => store.SyncMeta.ClearIngestInvariantVerification(MissingSync()));
            Expect(StorageErrorCode.InvalidArgument, () => store.SyncMeta.SetSyncLink("", older));
            Expect(StorageErrorCode.FailedPrecondition, () => store.FileOps.GenerateSyncDiffFrom(null, older, newer));

            store.SyncMeta.MarkSyncSupportsDiff(older);
            store.SyncMeta.MarkSyncSupportsDiff(newer);
            pair.Clock.Advance(TimeSpan.FromSeconds(1));
            (string upserts, string deletions) = store.FileOps.GenerateSyncDiffFrom(null, older, newer);
            Assert.Equal(deletions, store.ListSyncRuns(0, null).Items.Single(r => r.Id == upserts).LinkedSyncId);
            facts.SyncIds.AddRange([upserts, deletions]);
            store.SyncMeta.SetSyncLink(older, newer);

            // The diff from another store: a second tee pair holding one sync, written alike on both engines.
            using TeePair other = new();
            other.Clock.Advance(pair.Clock.GetUtcNow() - other.Clock.GetUtcNow());
            string foreign = other.Store.StartNewSync(SyncType.Full);
            other.Store.PutResources(MakeResource("user", "from-other"), MakeResource("user", "p:1"));
            other.Store.EndSync();
            other.Store.SyncMeta.MarkSyncSupportsDiff(foreign);
            pair.Clock.Advance(TimeSpan.FromSeconds(1));
            (string upsertsFrom, string deletionsFrom) = store.FileOps.GenerateSyncDiffFrom(other.Store, foreign, newer);
            facts.SyncIds.AddRange([upsertsFrom, deletionsFrom]);

            // Keep-newer merges, from this store and from the other.
            pair.Clock.Advance(TimeSpan.FromSeconds(1));
            store.FileOps.MergeNewer(null, newer, older);
            store.FileOps.MergeNewer(other.Store, foreign, older);
            Expect(StorageErrorCode.NotFound, () => store.FileOps.MergeNewer(null, MissingSync(), older));

            // Put-if-newer of every record type, and assets from streams, into a fresh sync.
            pair.Clock.Advance(TimeSpan.FromSeconds(1));
            string last = store.StartNewSync(SyncType.Full);
            facts.SyncIds.Add(last);
            DateTimeOffset now = pair.Clock.GetUtcNow();
            Entitlement entitlement = facts.Entitlements[0];
            store.PutResourceTypesIfNewer(new Discovered<ResourceType>(MakeResourceType("user"), now), new Discovered<ResourceType>(MakeResourceType("group"), null));
            store.PutResourcesIfNewer(new Discovered<Resource>(facts.Resources[0], now), new Discovered<Resource>(facts.Resources[0].Renamed("older"), now.AddSeconds(-1)));
            store.PutEntitlementsIfNewer(new Discovered<Entitlement>(entitlement, now), new Discovered<Entitlement>(entitlement.Renamed("later"), now.AddSeconds(1)));
            store.PutGrantsIfNewer(new Discovered<Grant>(facts.Grants[0], now), new Discovered<Grant>(facts.Grants[1].With(Expandable(entitlement.Id)), now));
            using (MemoryStream seekable = new([1, 2, 3, 4]))
            {
                store.PutAsset(new AssetRef { Id = "streamed" }, "application/octet-stream", seekable);
            }

            store.PutAsset(new AssetRef { Id = "streamed-once" }, "", new OneWayStream([5, 6, 7]));
            facts.AssetIds.UnionWith(["streamed", "streamed-once"]);
            store.EndSync();
            store.SyncMeta.MarkIngestInvariantsVerified(last, new IngestInvariantVerification("g2", ["grants"], "compaction_merge"));

            // The isolating copy, opened on both engines and compared through a tee.
            store.FileOps.CopyIsolateSync("/out/isolated.c1zl", last);
            using (TeeSyncStore isolated = pair.OpenClones("/out/isolated.c1zl"))
            {
                Assert.Equal(last, Assert.Single(isolated.ListSyncRuns(0, null).Items).Id);
                Assert.Equal(new byte[] { 5, 6, 7 }, ReadAll(isolated.GetAsset(new GetAssetRequest { Asset = new AssetRef { Id = "streamed-once" } })));
            }

            ReaderSweep sweep = new(store, facts, random, everyPageSize: false);
            sweep.Run();
            pair.Reopen();
            new ReaderSweep(pair.Store, facts, random, everyPageSize: false).Run();
            output.WriteLine($"seed {seed} against {pair.Secondary.Name}: {sweep.Calls} reads after the writes");
        });

    private static string MissingSync() => Engine.Core.Identifiers.Ksuid.NewKsuid(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToString();

    /// <summary>Runs a write through the tee (which compares both engines' outcomes) and checks the outcome's code.</summary>
    private static void Expect(StorageErrorCode? code, Action write)
    {
        if (code is null)
        {
            write();
            return;
        }

        Assert.Equal(code, Assert.ThrowsAny<StorageException>(write).Code);
    }

    private static byte[] ReadAll(AssetContent content)
    {
        using (content)
        using (MemoryStream copy = new())
        {
            content.Data.CopyTo(copy);
            return copy.ToArray();
        }
    }

    /// <summary>A stream that cannot seek, so the tee reads it once for both engines.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
