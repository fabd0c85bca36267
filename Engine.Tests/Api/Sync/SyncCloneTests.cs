using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync;

/// <summary>CloneSync and CopyIsolateSync (spec 1.12; checklist items 37 and 38): checks in order, one sync out, atomic.</summary>
[Trait("Category", "Unit")]
public sealed class SyncCloneTests
{
    private const string Output = "/out/clone.c1zl";

    private static readonly Resource s_alice = MakeResource("user", "alice");
    private static readonly Entitlement s_member = MakeEntitlement(MakeResource("group", "g1"), "member");

    private readonly SyncStoreHarness _harness = new();

    public SyncCloneTests()
    {
        _harness.Fs.CreateDirectory("/out");
        _harness.Fs.CreateDirectory("/scratch");
    }

    private SyncStoreOptions Options => new() { TimeProvider = _harness.Clock, TempDirectory = "/scratch" };

    [Fact]
    public void Item37_TheCloneHoldsExactlyTheSync_WithItsIdSessionsAndAssets_AndReopensWithTheSameGrants()
    {
        string kept;
        using (SyncStore store = _harness.Open(Options))
        {
            FullSync(store, "other");
            kept = FullSync(store, "kept");
            FullSync(store, "later");
            _harness.Clock.Advance(TimeSpan.FromSeconds(1));

            store.CloneSync(Output, kept);
        }

        using SyncStore clone = SyncStore.OpenArtifact(_harness.Fs, Output, Options);
        Assert.Equal([kept], clone.ListSyncRuns(0, null).Items.Select(r => r.Id));
        Assert.Equal(["kept"], clone.ListGrants(new ListGrantsRequest { SyncId = kept }).Items.Select(g => g.Principal.DisplayName));
        Assert.True(clone.Sessions.TryGet(new SessionScope(kept), "cursor", out byte[] cursor));
        Assert.Equal("kept"u8.ToArray(), cursor);
        using (Engine.Api.Sync.Results.AssetContent asset = clone.GetAsset(new GetAssetRequest { Asset = new AssetRef { Id = "icon" } }))
        {
            Assert.Equal("image/png", asset.ContentType);
        }

        Assert.True(clone.VerifyIndexes().IsClean);
        Assert.NotNull(clone.GetSync(kept).EndedAt);
    }

    [Fact]
    public void Item37_AnEmptyId_ClonesTheLatestFinishedFullSync_AndWorksFromAReadOnlySource()
    {
        string latest;
        using (SyncStore store = _harness.Open(Options))
        {
            FullSync(store, "first");
            latest = FullSync(store, "second");
            store.StartNewSync(SyncType.Partial);
            store.EndSync();
        }

        using (SyncStore readOnly = _harness.Open(Options with { ReadOnly = true }))
        {
            readOnly.CloneSync(Output, "");
        }

        using SyncStore clone = SyncStore.OpenArtifact(_harness.Fs, Output, Options);
        Assert.Equal([latest], clone.ListSyncRuns(0, null).Items.Select(r => r.Id));
    }

    [Fact]
    public void Item37_TheChecksComeInOrder_OutputFirst_ThenTheSync_ThenItsEnd()
    {
        using SyncStore store = _harness.Open(Options);
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.CloneSync(Output, ""));
        string open = store.StartNewSync(SyncType.Full);
        _harness.Fs.WriteAllBytes("/out/taken", [1], sync: true);

        SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => store.CloneSync("/out/taken", "not-a-sync"));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.CloneSync(Output, "not-a-sync"));
        SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.CloneSync(Output, open));
        Assert.False(_harness.Fs.Exists(Output));
    }

    [Fact]
    public void Item38_CopyIsolateSync_HasTheCloneContract_OnSingleAndMultiSyncStores()
    {
        string only;
        using (SyncStore store = _harness.Open(Options))
        {
            only = FullSync(store, "only");
            store.FileOps.CopyIsolateSync(Output, only);
            FullSync(store, "another");
            store.FileOps.CopyIsolateSync("/out/second.c1zl", only);
            SyncStoreHarness.Fails(StorageErrorCode.AlreadyExists, () => store.FileOps.CopyIsolateSync(Output, only));
        }

        foreach (string path in new[] { Output, "/out/second.c1zl" })
        {
            using SyncStore copy = SyncStore.OpenArtifact(_harness.Fs, path, Options);
            Assert.Equal([only], copy.ListSyncRuns(0, null).Items.Select(r => r.Id));
            Assert.Equal(["only"], copy.ListGrants(new ListGrantsRequest()).Items.Select(g => g.Principal.DisplayName));
        }
    }

    /// <summary>A finished full sync with a grant (principal named <paramref name="tag"/>), a session value and an asset.</summary>
    private string FullSync(SyncStore store, string tag)
    {
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        string id = store.StartNewSync(SyncType.Full);
        store.PutGrants(MakeGrant(s_member, s_alice.Renamed(tag)));
        store.Sessions.Put(new SessionScope(id), "cursor", System.Text.Encoding.UTF8.GetBytes(tag));
        store.PutAsset(new AssetRef { Id = "icon" }, "image/png", [1, 2, 3]);
        store.EndSync();
        return id;
    }
}
