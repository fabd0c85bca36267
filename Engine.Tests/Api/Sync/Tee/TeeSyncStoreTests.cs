using C1.C1Z.V1;
using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Tee;
using Engine.Tests.Api.Sync.CrossEngine;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static Engine.Tests.Api.Sync.SyncRecords;

namespace Engine.Tests.Api.Sync.Tee;

/// <summary>
/// The tee over two LSM stores: a scripted workload with zero divergences; a perturbed secondary (a dropped row, a
/// reordered sequence, a changed field, another error code, an error alone) caught and reported through the callback,
/// the logger and the metric, and thrown with ThrowOnDivergence; the set and sequence rules; multi-page listings
/// compared once at the end; sync id translation.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TeeSyncStoreTests(ITestOutputHelper output)
{
    [Fact]
    public void BothLsm_ScriptedWorkload_HasNoDivergence()
    {
        List<TeeDivergence> divergences = [];
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { ThrowOnDivergence = true, OnDivergence = divergences.Add });
        Random random = new(20261201);
        DatasetFacts facts = CrossEngineDataset.Build(pair.Store, pair.Clock, random);
        CrossEngineDataset.Sessions(pair.Store, random, facts);
        ReaderSweep sweep = new(pair.Store, facts, random);
        sweep.Run();
        pair.Reopen();
        new ReaderSweep(pair.Store, facts, random, everyPageSize: false).Run();
        output.WriteLine($"{sweep.Calls} reads compared; {pair.Store.SyncIds.Count} sync ids paired");
        Assert.Empty(divergences);
        Assert.True(sweep.Calls > 1_000, $"only {sweep.Calls} reads");
        Assert.Equal(facts.SyncIds.Count, pair.Store.SyncIds.Count);
    }

    [Fact]
    public void DroppedRow_IsReportedThroughCallbackLoggerAndMetric()
    {
        TestLogger logger = new();
        using TestMeterFactory meters = new();
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(
            new LsmSecondaryBackend(),
            new TeeOptions { OnDivergence = divergences.Add, Logger = logger, MeterFactory = meters },
            s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 5);
        secondary!.Answer = (method, answer) => method == "ListResources" && answer is Page<Resource> page
            ? page with { Items = [.. page.Items.Skip(1)] }
            : answer;

        Page<Resource> listed = pair.Store.ListResources(new ListResourcesRequest());

        Assert.Equal(5, listed.Items.Count);
        TeeDivergence divergence = Assert.Single(divergences);
        Assert.Equal("ISyncReader.ListResources", divergence.Method);
        Assert.Contains("5 rows against 4", divergence.Difference, StringComparison.Ordinal);
        Assert.Contains("only in the primary", divergence.Difference, StringComparison.Ordinal);
        (LogLevel level, string message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("ISyncReader.ListResources", message, StringComparison.Ordinal);
        (string instrument, long value, Dictionary<string, object?> tags) = Assert.Single(meters.Measurements);
        Assert.Equal((TeeSyncStore.DivergenceCounterName, 1L, "ISyncReader.ListResources"), (instrument, value, tags["method"]));
    }

    [Fact]
    public void ChangedField_ThrowsWithThrowOnDivergence()
    {
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { ThrowOnDivergence = true }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 2);
        secondary!.Answer = (method, answer) => answer is Resource resource ? resource.Renamed("changed") : answer;
        GetResourceRequest request = new() { ResourceId = new ResourceId { ResourceType = "user", Resource = "u1" } };

        TeeDivergenceException ex = Assert.Throws<TeeDivergenceException>(() => pair.Store.GetResource(request));

        Assert.Equal("ISyncReader.GetResource", ex.Divergence.Method);
        Assert.Contains("changed", ex.Divergence.Secondary, StringComparison.Ordinal);
        Assert.DoesNotContain("changed", ex.Divergence.Primary, StringComparison.Ordinal);
        Assert.Contains("u1", ex.Divergence.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentErrorCode_IsADivergence_AndTheSameCodeRethrowsThePrimarysError()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 1);
        GetResourceRequest missing = new() { ResourceId = new ResourceId { ResourceType = "user", Resource = "nobody" } };

        StorageException same = Assert.ThrowsAny<StorageException>(() => pair.Store.GetResource(missing));
        Assert.Equal(StorageErrorCode.NotFound, same.Code);
        Assert.Empty(divergences);

        secondary!.Fail = method => method == "GetResource" ? new StorageException(StorageErrorCode.InvalidArgument, "perturbed") : null;
        StorageException primary = Assert.ThrowsAny<StorageException>(() => pair.Store.GetResource(missing));
        Assert.Equal(StorageErrorCode.NotFound, primary.Code);
        TeeDivergence divergence = Assert.Single(divergences);
        Assert.Contains("NotFound against InvalidArgument", divergence.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorOnOneSideAlone_IsADivergence()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 1);

        // The secondary fails where the primary answers: the primary's answer is returned.
        secondary!.Fail = method => method == "GetResourceType" ? new StorageException(StorageErrorCode.NotFound, "perturbed") : null;
        Assert.Equal("user", pair.Store.GetResourceType(new GetResourceTypeRequest { ResourceTypeId = "user" }).Id);
        Assert.Contains("only the secondary failed (NotFound)", Assert.Single(divergences).Difference, StringComparison.Ordinal);

        // Both fail alike: no divergence, the primary's error.
        divergences.Clear();
        secondary.Fail = null;
        pair.Store.EndSync();
        Assert.ThrowsAny<StorageException>(() => pair.Store.CurrentSyncStep());
        Assert.Empty(divergences);

        // A write that fails on the secondary alone.
        secondary.Fail = method => method == "StartNewSync" ? new StorageException(StorageErrorCode.FailedPrecondition, "perturbed") : null;
        Assert.NotEmpty(pair.Store.StartNewSync(SyncType.Full));
        Assert.Equal("ISyncWriter.StartNewSync", Assert.Single(divergences).Method);
    }

    [Fact]
    public void PrimaryFailsAlone_IsADivergence_AndThePrimarysErrorIsRethrown()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 1);
        pair.Store.EndSync();
        secondary!.Replace = method => method == "CurrentSyncStep" ? "token" : null;

        StorageException error = Assert.ThrowsAny<StorageException>(() => pair.Store.CurrentSyncStep());

        Assert.Equal(StorageErrorCode.FailedPrecondition, error.Code);
        TeeDivergence divergence = Assert.Single(divergences);
        Assert.Contains("only the primary failed (FailedPrecondition)", divergence.Difference, StringComparison.Ordinal);
        Assert.Contains("token", divergence.Secondary, StringComparison.Ordinal);
    }

    [Fact]
    public void ListingOrder_SetsIgnoreOrder_SequencesDoNot()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 4);
        pair.Store.EndSync();
        pair.Clock.Advance(TimeSpan.FromSeconds(1));
        Fill(pair.Store, 3);
        pair.Store.EndSync();
        pair.Store.Sessions.PutMany(new SessionScope(pair.Store.LatestFinishedSyncId(SyncType.Full)), new Dictionary<string, byte[]> { ["a"] = [1], ["b"] = [2] });
        secondary!.Answer = (method, answer) => answer switch
        {
            Page<Resource> page => page with { Items = [.. page.Items.Reverse()] },
            Page<Grant> page => page with { Items = [.. page.Items.Reverse()] },
            Page<SyncRun> page => page with { Items = [.. page.Items.Reverse()] },
            _ => answer,
        };

        pair.Store.ListResources(new ListResourcesRequest());
        Assert.Empty(divergences);

        // The grants of several entitlements: each entitlement's grants as a set, the entitlements in order.
        Entitlement[] entitlements = [MakeEntitlement(Group(0), "member"), MakeEntitlement(Group(1), "member")];
        Assert.Equal(2, pair.Store.ListGrantsForEntitlements(new ListGrantsForEntitlementsRequest { Entitlements = entitlements }).Items.Select(g => g.Entitlement.Id).Distinct().Count());
        TeeDivergence groups = Assert.Single(divergences);
        Assert.Contains("group 0 is", groups.Difference, StringComparison.Ordinal);

        divergences.Clear();
        pair.Store.ListSyncs(0, null);
        Assert.Contains("row 0 differs", Assert.Single(divergences).Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiPageListing_IsComparedOnceWhenThePrimarysListingEnds()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 5);
        int secondaryPages = 0;
        secondary!.Answer = (method, answer) =>
        {
            if (answer is not Page<Resource> page)
            {
                return answer;
            }

            secondaryPages++;
            return page.NextPageToken.Length > 0 ? page : page with { Items = [.. page.Items, MakeResource("user", "extra")] };
        };

        ListResourcesRequest request = new() { PageSize = 2 };
        Page<Resource> page = pair.Store.ListResources(request);
        List<string> ids = [.. page.Items.Select(r => r.Id.Resource)];
        while (page.NextPageToken.Length > 0)
        {
            Assert.Empty(divergences);
            Assert.Equal(0, secondaryPages);
            page = pair.Store.ListResources(request with { PageToken = page.NextPageToken });
            ids.AddRange(page.Items.Select(r => r.Id.Resource));
        }

        Assert.Equal(5, ids.Count);
        Assert.Equal(3, secondaryPages);
        Assert.Contains("only in the secondary", Assert.Single(divergences).Difference, StringComparison.Ordinal);

        // An abandoned listing, and one spanning a write, are not compared.
        divergences.Clear();
        secondaryPages = 0;
        pair.Store.ListResources(request);
        Page<Resource> first = pair.Store.ListResources(request);
        pair.Store.PutResources(MakeResource("user", "u9"));
        for (Page<Resource> next = first; next.NextPageToken.Length > 0;)
        {
            next = pair.Store.ListResources(request with { PageToken = next.NextPageToken });
        }

        Assert.Empty(divergences);
        Assert.Equal(0, secondaryPages);
    }

    [Fact]
    public void MultiPageListing_RebuiltForEachPage_IsStillFollowedByValue()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 6);
        pair.Store.EndSync();
        string sync = pair.Store.LatestFinishedSyncId(SyncType.Full);
        secondary!.Answer = (method, answer) => answer is Page<Grant> page && page.NextPageToken.Length == 0 ? page with { Items = [.. page.Items.Skip(1)] } : answer;

        // Each page's request is built anew, with new lists: the tee still follows the listing and compares it at its end.
        string? token = null;
        int pages = 0;
        do
        {
            ListGrantsForEntitlementsRequest request = new()
            {
                PageSize = 2,
                PageToken = token,
                Annotations = [Any.Pack(new SyncDetails { Id = sync })],
                Entitlements = [MakeEntitlement(Group(0), "member"), MakeEntitlement(Group(1), "member")],
            };
            token = pair.Store.ListGrantsForEntitlements(request).NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.True(pages > 1);
        Assert.Equal("ISyncReader.ListGrantsForEntitlements", Assert.Single(divergences).Method);
    }

    [Fact]
    public void Streams_AreComparedWhenEnumeratedToTheEnd()
    {
        List<TeeDivergence> divergences = [];
        PerturbedSyncStore? secondary = null;
        using TeePair pair = new(new LsmSecondaryBackend(), new TeeOptions { OnDivergence = divergences.Add }, s => secondary = new PerturbedSyncStore(s));
        Fill(pair.Store, 4);
        secondary!.Answer = (method, answer) => answer is IEnumerable<Grant> grants ? grants.Skip(1) : answer;

        Assert.NotNull(pair.Store.StreamGrants("", new GrantStreamFilter()).First());
        Assert.Empty(divergences);
        Assert.Equal(4, pair.Store.StreamGrants("", new GrantStreamFilter()).Count());
        Assert.Equal("ISyncReader.StreamGrants", Assert.Single(divergences).Method);
    }

    [Fact]
    public void SyncIds_AreTranslatedInArgumentsAndAnswers()
    {
        using TeePair pair = new(new LsmSecondaryBackend());
        TeeSyncStore tee = pair.Store;
        string first = tee.StartNewSync(SyncType.Full);
        tee.PutResources(MakeResource("user", "u1"));
        tee.EndSync();
        pair.Clock.Advance(TimeSpan.FromSeconds(1));
        string partial = tee.StartNewSync(SyncType.Partial, first);
        tee.PutResources(MakeResource("user", "u2"));
        tee.EndSync();
        pair.Clock.Advance(TimeSpan.FromSeconds(1));
        string diff = tee.FileOps.GenerateSyncDiff(first, partial);

        IReadOnlyDictionary<string, string> ids = tee.SyncIds;
        Assert.Equal(3, ids.Count);
        Assert.All(new[] { first, partial, diff }, id => Assert.NotEqual(id, ids[id]));
        Assert.Equal(ids[diff], tee.Secondary.LatestFinishedSyncId(SyncType.Partial));

        // Every read below compares (and would throw) only if the tee names the secondary's own syncs.
        Assert.Equal(first, tee.GetSync(partial).ParentSyncId);
        Assert.Equal("u1", Assert.Single(tee.ListResources(new ListResourcesRequest { SyncId = first }).Items).Id.Resource);
        Assert.Equal("u2", Assert.Single(tee.ListResources(new ListResourcesRequest { Annotations = [Any.Pack(new SyncDetails { Id = diff })] }).Items).Id.Resource);
        Assert.Empty(tee.ListResourceTypes(new ListResourceTypesRequest { ActiveSyncId = partial }).Items);
        Assert.Equal(diff, tee.LatestFinishedSyncId(SyncType.Partial));
        Assert.Equal([first, partial, diff], AllSyncRuns(tee));
        tee.Sessions.Put(new SessionScope(partial), "k", [1, 2]);
        Assert.True(tee.Sessions.TryGet(new SessionScope(partial), "k", out byte[] value));
        Assert.Equal([1, 2], value);
        Assert.NotNull(tee.SyncMeta.StatsV2(SyncType.Partial, partial));
        Assert.Equal(StorageErrorCode.InvalidArgument, Assert.ThrowsAny<StorageException>(() => tee.SyncMeta.Stats(SyncType.Full, partial)).Code);
        tee.SetCurrentSync(first);
        Assert.Equal(first, tee.ResumeSync(SyncType.Full, first));
    }

    [Fact]
    public void Clone_WritesBothEnginesFiles_AndTheClonesCompareThroughATee()
    {
        using TeePair pair = new(new LsmSecondaryBackend());
        string sync = pair.Store.StartNewSync(SyncType.Full);
        Fill(pair.Store, 3, start: false);
        pair.Store.EndSync();

        pair.Store.FileOps.CloneSync("/out/clone.c1zl", sync);

        using TeeSyncStore clones = pair.OpenClones("/out/clone.c1zl");
        Assert.Equal(3, clones.ListResources(new ListResourcesRequest { SyncId = sync }).Items.Count);
        Assert.Equal(sync, Assert.Single(clones.ListSyncRuns(0, null).Items).Id);
        Assert.ThrowsAny<StorageException>(() => pair.Store.FileOps.CloneSync("/out/clone.c1zl", sync));
    }

    private static List<string> AllSyncRuns(TeeSyncStore tee)
    {
        List<string> ids = [];
        string? token = null;
        do
        {
            Page<SyncRunInfo> page = tee.ListSyncRuns(1, token);
            ids.AddRange(page.Items.Select(r => r.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    private static Resource Group(int n) => MakeResource("group", $"g{n}");

    /// <summary>Starts a full sync (unless <paramref name="start"/> is false) and writes users, two groups' entitlements and a grant per user.</summary>
    private static void Fill(TeeSyncStore store, int users, bool start = true)
    {
        if (start)
        {
            store.StartNewSync(SyncType.Full);
        }

        store.PutResourceTypes(MakeResourceType("user"), MakeResourceType("group"));
        store.PutResources([.. Enumerable.Range(0, users).Select(i => MakeResource("user", $"u{i}"))]);
        Entitlement[] entitlements = [MakeEntitlement(Group(0), "member"), MakeEntitlement(Group(1), "member")];
        store.PutEntitlements(entitlements);
        store.PutGrants([.. Enumerable.Range(0, users).Select(i => MakeGrant(entitlements[i % 2], MakeResource("user", $"u{i}")))]);
    }
}
