using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Core.Identifiers;

namespace Engine.Tests.Api.Sync;

/// <summary>Sync-run metadata writes through <see cref="ISyncMeta"/> (spec 1.3; checklist item 39).</summary>
[Trait("Category", "Unit")]
public sealed class SyncMetaTests
{
    private static readonly IngestInvariantVerification s_verified = new("gen-7", ["grants", "entitlements"], "compaction_merge");

    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item39_SupportsDiff_SurvivesCloseAndReopen()
    {
        string id;
        using (SyncStore store = _harness.Open())
        {
            id = store.Ended(_harness.Clock);
            Assert.False(store.ListSyncRuns(0, null).Items.Single().SupportsDiff);
            store.SyncMeta.MarkSyncSupportsDiff(id);
        }

        using SyncStore reopened = _harness.Open();
        Assert.True(reopened.ListSyncRuns(0, null).Items.Single().SupportsDiff);
    }

    [Fact]
    public void Item39_InvariantVerification_IsRefusedOnAnUnendedSync_AcceptedAfterEndSync_AndReadBackAfterReopen()
    {
        string id;
        using (SyncStore store = _harness.Open())
        {
            id = store.StartNewSync(SyncType.Full);
            SyncStoreHarness.Fails(StorageErrorCode.FailedPrecondition, () => store.SyncMeta.MarkIngestInvariantsVerified(id, s_verified));
            Assert.Null(store.ListSyncRuns(0, null).Items.Single().IngestInvariantVerification);
            store.EndSync();

            store.SyncMeta.MarkIngestInvariantsVerified(id, s_verified);
        }

        using SyncStore reopened = _harness.Open();
        IngestInvariantVerification? read = reopened.ListSyncRuns(0, null).Items.Single().IngestInvariantVerification;
        Assert.NotNull(read);
        Assert.Equal((s_verified.Generation, s_verified.Mode), (read.Generation, read.Mode));
        Assert.Equal(s_verified.Coverage, read.Coverage);
        Assert.True(read.IsVerified);
        Assert.Equal(read, reopened.SyncMeta.LatestFullSync()!.IngestInvariantVerification, VerificationComparer.Instance);
    }

    [Theory]
    [InlineData("", "grants", "connector")]
    [InlineData("gen", "", "connector")]
    [InlineData("gen", "grants", "")]
    [InlineData("gen", "grants", "connector_slow")]
    public void MarkIngestInvariantsVerified_RefusesAnIncompleteVerification(string generation, string coverage, string mode)
    {
        using SyncStore store = _harness.Open();
        string id = store.Ended(_harness.Clock);
        IngestInvariantVerification verification = new(generation, coverage.Length == 0 ? [] : [coverage], mode);

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.SyncMeta.MarkIngestInvariantsVerified(id, verification));
        Assert.Null(store.ListSyncRuns(0, null).Items.Single().IngestInvariantVerification);
    }

    [Fact]
    public void InvariantVerification_OfAMissingSync_IsNotFound_AndClearingForgetsIt()
    {
        using SyncStore store = _harness.Open();
        string missing = Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString();
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.SyncMeta.MarkIngestInvariantsVerified(missing, s_verified));
        SyncStoreHarness.Fails(StorageErrorCode.NotFound, () => store.SyncMeta.ClearIngestInvariantVerification(missing));
        string id = store.Ended(_harness.Clock);
        store.SyncMeta.MarkIngestInvariantsVerified(id, s_verified);

        store.SyncMeta.ClearIngestInvariantVerification(id);

        Assert.Null(store.ListSyncRuns(0, null).Items.Single().IngestInvariantVerification);
    }

    [Fact]
    public void SetSyncLink_NeedsASyncId_AndLinks()
    {
        using SyncStore store = _harness.Open();
        string a = store.Ended(_harness.Clock, SyncType.PartialUpserts);
        string b = store.Ended(_harness.Clock, SyncType.PartialDeletions);

        SyncStoreHarness.Fails(StorageErrorCode.InvalidArgument, () => store.SyncMeta.SetSyncLink("", b));
        store.SyncMeta.SetSyncLink(a, b);

        Assert.Equal([b, ""], store.ListSyncRuns(0, null).Items.Select(r => r.LinkedSyncId));
    }

    [Fact]
    public void DiffFlagAndLink_OnAMissingSync_ChangeNothing_AsInTheReference()
    {
        using SyncStore store = _harness.Open();
        string missing = Ksuid.NewKsuid(_harness.Clock.GetUtcNow()).ToString();

        store.SyncMeta.MarkSyncSupportsDiff(missing);
        store.SyncMeta.SetSyncLink(missing, "x");

        Assert.Empty(store.ListSyncRuns(0, null).Items);
        Assert.False(store.IsDirty);
    }

    [Fact]
    public void MetadataWrites_OnAReadOnlyStore_FailWithReadOnly()
    {
        string id;
        using (SyncStore store = _harness.Open())
        {
            id = store.Ended(_harness.Clock);
        }

        using SyncStore readOnly = _harness.Open(new SyncStoreOptions { ReadOnly = true });
        ISyncMeta meta = readOnly.SyncMeta;

        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => meta.MarkSyncSupportsDiff(id));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => meta.SetSyncLink(id, id));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => meta.MarkIngestInvariantsVerified(id, s_verified));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => meta.ClearIngestInvariantVerification(id));
        SyncStoreHarness.Fails(StorageErrorCode.ReadOnly, () => meta.RecalculateStats(id));
        Assert.False(readOnly.IsDirty);
    }

    /// <summary>Compares verifications by value, the coverage list element by element.</summary>
    private sealed class VerificationComparer : IEqualityComparer<IngestInvariantVerification?>
    {
        public static readonly VerificationComparer Instance = new();

        public bool Equals(IngestInvariantVerification? x, IngestInvariantVerification? y) =>
            x is not null && y is not null && x.Generation == y.Generation && x.Mode == y.Mode && x.Coverage.SequenceEqual(y.Coverage);

        public int GetHashCode(IngestInvariantVerification? obj) => obj?.Generation.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
