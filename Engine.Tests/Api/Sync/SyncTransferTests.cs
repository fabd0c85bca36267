using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>The LSM store as a transfer source and target: copies keep every answer, byte and instant.</summary>
[Trait("Category", "Unit")]
public sealed class SyncTransferTests
{
    private static readonly string[] s_assetIds = ["logo-full", "logo-open"];

    private readonly SyncStoreHarness _source = new();
    private readonly SyncStoreHarness _target = new();

    [Fact]
    public void Copy_GivesAStoreThatAnswersEveryReaderTheSame_WithTheSameBytesUnderEveryKey()
    {
        using SyncStore source = OpenFilled();
        using SyncStore target = _target.Open();

        Assert.Equal(3, SyncTransfer.Copy(source, target));

        Assert.True(target.IsDirty);
        Assert.Equal(source.Db.Scan().Select(Hex), target.Db.Scan().Select(Hex));
        Assert.Equal(StoreAnswers.Of(source, s_assetIds), StoreAnswers.Of(target, s_assetIds));
    }

    [Fact]
    public void Export_ReadsBackExactlyWhatWasImported_NanosecondInstantsTokensAndBlobs()
    {
        using SyncStore store = _target.Open();
        TransferRun run = new()
        {
            SyncId = "2CmRXXmZzB7XDzYlMPTsEuQhB1W",
            StartedAtUnixNanos = 1_765_980_675_617_459_123,
            EndedAtUnixNanos = 1_765_980_999_000_000_007,
            SyncToken = "{\"current_action\": 1, \"é\": \"\\u0000\"}",
            SyncType = "partial",
            ParentSyncId = "2CmRXXmZzB7XDzYlMPTsEuQhB1A",
            LinkedSyncId = "2CmRXXmZzB7XDzYlMPTsEuQhB1B",
            SupportsDiff = true,
            GrantsBackfilled = false,
            Stats = new SyncStats { ResourceTypes = 2, Resources = 5, ResourcesByResourceType = { ["user"] = 3, ["group"] = 2 } },
            IngestInvariantGeneration = "g1",
            IngestInvariantCoverage = ["a", "b"],
            IngestInvariantMode = "strict",
        };
        store.ImportRun(run);
        TransferRecord grant = new()
        {
            ExternalId = "grant-1",
            Data = new byte[] { 0x0A, 0x00, 0xFF },
            DiscoveredAtUnixNanos = 1_765_980_675_617_459_001,
            ResourceTypeId = "group",
            ResourceId = "g1",
            EntitlementId = "group:g1:member",
            PrincipalResourceTypeId = "user",
            PrincipalResourceId = "alice",
            Expansion = Expandable("group:g1:admin").Value.ToByteArray(),
            NeedsExpansion = true,
        };
        TransferRecord child = new()
        {
            ExternalId = "user:bob",
            Data = new byte[] { 9 },
            DiscoveredAtUnixNanos = 3,
            ResourceTypeId = "user",
            ParentResourceTypeId = "group",
            ParentResourceId = "g1",
        };
        store.ImportRecords(run.SyncId, RecordTable.Grants, [grant]);
        store.ImportRecords(run.SyncId, RecordTable.Resources, [child]);
        store.ImportAsset(run.SyncId, new TransferAsset { ExternalId = "a", ContentType = "", Data = new byte[(1 << 20) + 5], DiscoveredAtUnixNanos = 77 });
        store.ImportSessions(run.SyncId, [new("k", [1]), new("p/k", [])]);

        TransferRun back = Assert.Single(store.ExportRuns());
        Assert.Equal(run with { IngestInvariantCoverage = back.IngestInvariantCoverage }, back);
        Assert.Equal(run.IngestInvariantCoverage, back.IngestInvariantCoverage);
        AssertSameRecord(grant, Assert.Single(store.ExportRecords(run.SyncId, RecordTable.Grants)));
        AssertSameRecord(child, Assert.Single(store.ExportRecords(run.SyncId, RecordTable.Resources)));
        TransferAsset asset = Assert.Single(store.ExportAssets(run.SyncId));
        Assert.Equal(("a", "", 77L, (1 << 20) + 5), (asset.ExternalId, asset.ContentType, asset.DiscoveredAtUnixNanos, asset.Data.Length));
        Assert.Equal(["k", "p/k"], store.ExportSessions(run.SyncId).Select(p => p.Key));
        Assert.True(store.VerifyIndexes().IsClean);
        store.ViewSync(run.SyncId);
        Assert.Single(store.Grants.PendingExpansion());
    }

    [Fact]
    public void ARunOrRowAlreadyStored_IsAlreadyExists_AndWritesNothing()
    {
        using SyncStore source = OpenFilled();
        using SyncStore target = _target.Open();
        SyncTransfer.Copy(source, target);
        TransferRun first = source.ExportRuns().First();

        SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => target.ImportRun(first));
        SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => SyncTransfer.Copy(source, target, first.SyncId));
        TransferRecord stored = target.ExportRecords(first.SyncId, RecordTable.Grants).First();
        TransferRecord fresh = stored with { ExternalId = "fresh" };
        SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => target.ImportRecords(first.SyncId, RecordTable.Grants, [fresh, stored]));
        Assert.DoesNotContain(target.ExportRecords(first.SyncId, RecordTable.Grants), r => r.ExternalId == "fresh");
        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => target.ImportRecords(first.SyncId, RecordTable.Grants, [fresh, fresh]));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => target.ImportRecords("2CmRXXmZzB7XDzYlMPTsEuQhB1W", RecordTable.Grants, [fresh]));
        Assert.Equal(StoreAnswers.Of(source, s_assetIds), StoreAnswers.Of(target, s_assetIds));
    }

    [Fact]
    public void CopyOfOneSync_CopiesThatSyncAlone_AndAMissingIdIsNotFound()
    {
        using SyncStore source = OpenFilled();
        string partial = source.ExportRuns().Single(r => r.SyncType == "partial").SyncId;
        using SyncStore target = _target.Open();

        Assert.Equal(1, SyncTransfer.Copy(source, target, partial));

        Assert.Equal([partial], target.ExportRuns().Select(r => r.SyncId));
        Assert.Equal(source.ExportRecords(partial, RecordTable.Grants).Select(r => Convert.ToHexString(r.Data.Span)), target.ExportRecords(partial, RecordTable.Grants).Select(r => Convert.ToHexString(r.Data.Span)));
        Assert.True(target.VerifyIndexes().IsClean);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => SyncTransfer.Copy(source, target, "2CmRXXmZzB7XDzYlMPTsEuQhB1W"));
    }

    [Fact]
    public void ImportsNeedAWritableStore()
    {
        using (SyncStore store = _target.Open())
        {
            store.StartNewSync(SyncType.Full);
        }

        using SyncStore readOnly = _target.Open(new SyncStoreOptions { ReadOnly = true });
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => readOnly.ImportRun(new TransferRun { SyncId = "2CmRXXmZzB7XDzYlMPTsEuQhB1W" }));
    }

    /// <summary>
    /// The source store with three syncs, reopened so that none is bound: an ended full one with every kind of record,
    /// asset, session and metadata; an ended partial; an open full one.
    /// </summary>
    private SyncStore OpenFilled()
    {
        using (SyncStore store = _source.Open())
        {
            Fill(store);
        }

        return _source.Open();
    }

    private void Fill(SyncStore store)
    {
        Resource group = MakeResource("group", "g1");
        Resource alice = MakeResource("user", "alice", group);
        Resource bob = MakeResource("user", "bob");
        Entitlement member = MakeEntitlement(group, "member");
        Entitlement admin = MakeEntitlement(group, "admin");

        string full = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"), MakeResourceType("empty"));
        store.PutResources(group, alice, bob);
        store.PutEntitlements(member, admin);
        store.PutGrants(MakeGrant(member, alice).With(Expandable("group:g1:admin")), MakeGrant(member, bob), MakeGrant(admin, bob).With(Expandable(" ")));
        store.PutAsset(new AssetRef { Id = s_assetIds[0] }, "image/png", new byte[(1 << 20) + 3]);
        store.Sessions.Put(new SessionScope(full), "cursor", [1, 2]);
        store.Sessions.Put(new SessionScope(full, "p/"), "x", []);
        _source.Clock.Advance(TimeSpan.FromMilliseconds(1.2345));
        store.CheckpointSync("{\"step_durations_ms\":{\"grants\":12}}");
        store.EndSync();
        store.SyncMeta.MarkSyncSupportsDiff(full);
        store.SyncMeta.MarkIngestInvariantsVerified(full, new IngestInvariantVerification("gen", ["grants", "resources"], "connector"));

        _source.Clock.Advance(TimeSpan.FromSeconds(2));
        string partial = store.StartNewSync(SyncType.Partial, full);
        store.PutResources(bob.Renamed("Bob"));
        store.PutGrants(MakeGrant(admin, alice));
        store.EndSync();
        store.SyncMeta.SetSyncLink(partial, full);

        _source.Clock.Advance(TimeSpan.FromSeconds(2));
        string open = store.StartNewSync(SyncType.Full);
        store.PutResourceTypes(MakeResourceType("user"));
        store.PutResources(alice);
        store.PutAsset(new AssetRef { Id = s_assetIds[1] }, "", new byte[] { 7 });
        store.Sessions.Put(new SessionScope(open), "cursor", [3]);
        store.CheckpointSync("open-token");
    }

    private static void AssertSameRecord(TransferRecord expected, TransferRecord actual)
    {
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        Assert.Equal(expected.Expansion?.ToArray(), actual.Expansion?.ToArray());
        Assert.Equal(expected with { Data = default, Expansion = null }, actual with { Data = default, Expansion = null });
    }

    private static string Hex(KeyValuePair<byte[], byte[]> entry) => $"{Convert.ToHexString(entry.Key)}={Convert.ToHexString(entry.Value)}";
}
