using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Telemetry;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.Telemetry;

public sealed class SyncStoreMetricsTests
{
    [Fact]
    public void GetMetrics_CountsOperationsRecordsAndBytesByKind()
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        store.StartNewSync(SyncType.Full);
        Resource user = MakeResource("user", "u1");
        Resource group = MakeResource("group", "g1");
        Entitlement member = MakeEntitlement(group, "member");
        store.PutResources(user, group);
        store.PutEntitlements(member);
        store.PutGrants(MakeGrant(member, user));
        store.EndSync();
        Assert.Single(store.ListResources(new ListResourcesRequest()).Items, r => r.Id.Resource == "u1");
        store.ListGrants(new ListGrantsRequest());

        SyncStoreMetrics metrics = store.GetMetrics();

        Assert.Equal(1, metrics.Operations["PutResources"].Count);
        Assert.Equal(1, metrics.Operations["ListGrants"].Count);
        Assert.Equal(0, metrics.Operations["ListGrants"].Errors);
        Assert.True(metrics.Operations["ListGrants"].MaxDuration <= metrics.Operations["ListGrants"].TotalDuration);
        Assert.Equal(2, metrics.Records["resource"].RecordsWritten);
        Assert.Equal(1, metrics.Records["grant"].RecordsWritten);
        Assert.True(metrics.Records["grant"].BytesWritten > 0);
        Assert.True(metrics.Records["resource"].RecordsRead >= 2);
        Assert.True(metrics.Records["grant"].RecordsRead >= 1);
        Assert.True(metrics.Records["grant"].BytesRead > 0);
        Assert.True(metrics.Database.WalBytesWritten > 0);
        Assert.False(metrics.Records.ContainsKey("asset"));
    }

    [Fact]
    public void GetMetrics_CountsAFailedCallAsAnError()
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.GetGrant(new GetGrantRequest { GrantId = "missing" }));
        store.ListGrants(new ListGrantsRequest());

        SyncStoreMetrics metrics = store.GetMetrics();

        Assert.Equal(1, metrics.Operations["GetGrant"].Count);
        Assert.Equal(1, metrics.Operations["GetGrant"].Errors);
        Assert.Equal(0, metrics.Operations["ListGrants"].Errors);
    }

    [Fact]
    public void GetMetrics_CallsInsideAnotherOperationCountAsPartOfIt()
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();

        // StartOrResumeSync calls ResumeSync, which fails with NotFound inside it, then StartNewSync.
        (_, bool startedNew) = store.StartOrResumeSync(SyncType.Full);

        SyncStoreMetrics metrics = store.GetMetrics();
        Assert.True(startedNew);
        Assert.Equal(1, metrics.Operations["StartOrResumeSync"].Count);
        Assert.Equal(0, metrics.Operations["StartOrResumeSync"].Errors);
        Assert.False(metrics.Operations.ContainsKey("ResumeSync"));
        Assert.False(metrics.Operations.ContainsKey("StartNewSync"));
    }

    [Fact]
    public void GetMetrics_ACallFromACatchBlockIsNotAnError()
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        try
        {
            throw new InvalidOperationException("the caller's own failure");
        }
        catch (InvalidOperationException)
        {
            store.ListGrants(new ListGrantsRequest());
            Assert.Throws<StorageException>(() => store.GetGrant(new GetGrantRequest { GrantId = "missing" }));
        }

        SyncStoreMetrics metrics = store.GetMetrics();
        Assert.Equal(0, metrics.Operations["ListGrants"].Errors);
        Assert.Equal(1, metrics.Operations["GetGrant"].Errors);
    }

    [Fact]
    public void GetMetrics_OperationsOfTheStoresItHandsOutAreCounted()
    {
        SyncStoreHarness harness = new();
        using SyncStore store = harness.Open();
        string sync = store.StartNewSync(SyncType.Full);
        store.Sessions.Put(new SessionScope(sync), "k", [1]);
        store.Grants.PendingExpansionPage(null);
        store.SyncMeta.LatestFullSync();

        SyncStoreMetrics metrics = store.GetMetrics();
        Assert.Equal(1, metrics.Operations["SessionPut"].Count);
        Assert.Equal(1, metrics.Operations["PendingExpansionPage"].Count);
        Assert.Equal(1, metrics.Operations["LatestFullSync"].Count);
    }

    [Fact]
    public void GetMetrics_AfterDispose_Throws()
    {
        SyncStoreHarness harness = new();
        SyncStore store = harness.Open();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.GetMetrics());
    }
}
