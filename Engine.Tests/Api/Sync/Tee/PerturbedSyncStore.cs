using C1.Connector.V2;
using C1.Reader.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Tests.Api.Sync.Tee;

/// <summary>
/// A store that answers as <see cref="Inner"/> does, except where a test perturbs it: <see cref="Answer"/> may replace a
/// reader's answer (by method name) and <see cref="Fail"/> may make a method throw. Used as a tee's secondary to prove
/// that each kind of divergence is caught.
/// </summary>
internal sealed class PerturbedSyncStore(ISyncStore inner) : ISyncStore
{
    public ISyncStore Inner => inner;

    /// <summary>Given the method name and the inner answer, the answer to give instead (the same object for none).</summary>
    public Func<string, object?, object?>? Answer { get; set; }

    /// <summary>Given the method name, an exception to throw instead of answering (null for none).</summary>
    public Func<string, Exception?>? Fail { get; set; }

    /// <summary>Given the method name, an answer to give without asking the inner store (null for none).</summary>
    public Func<string, object?>? Replace { get; set; }

    private T Call<T>(string method, Func<T> call)
    {
        if (Fail?.Invoke(method) is { } error)
        {
            throw error;
        }

        if (Replace?.Invoke(method) is T replaced)
        {
            return replaced;
        }

        T answer = call();
        return Answer is null ? answer : (T)Answer(method, answer)!;
    }

    private void Do(string method, Action call)
    {
        if (Fail?.Invoke(method) is { } error)
        {
            throw error;
        }

        call();
    }

    public IGrantStore Grants => inner.Grants;

    public ISyncMeta SyncMeta => inner.SyncMeta;

    public IFileOps FileOps => inner.FileOps;

    public ISessionStore Sessions => inner.Sessions;

    public bool IsDirty => Call(nameof(IsDirty), () => inner.IsDirty);

    public bool IsReadOnly => inner.IsReadOnly;

    public string OutputPath => inner.OutputPath;

    public bool GrantsForEntitlementPrincipalSorted => inner.GrantsForEntitlementPrincipalSorted;

    public StoreMetadata Metadata => inner.Metadata;

    public long CurrentSizeBytes() => inner.CurrentSizeBytes();

    public IndexVerifyReport VerifyIndexes(string? syncId = null) => inner.VerifyIndexes(syncId);

    public void Close() => inner.Close();

    public void Dispose() => inner.Dispose();

    public string StartNewSync(SyncType type, string parentSyncId = "") => Call(nameof(StartNewSync), () => inner.StartNewSync(type, parentSyncId));

    public string ResumeSync(SyncType type, string syncId = "") => Call(nameof(ResumeSync), () => inner.ResumeSync(type, syncId));

    public (string SyncId, bool StartedNew) StartOrResumeSync(SyncType type, string syncId = "") => Call(nameof(StartOrResumeSync), () => inner.StartOrResumeSync(type, syncId));

    public void SetCurrentSync(string syncId) => Do(nameof(SetCurrentSync), () => inner.SetCurrentSync(syncId));

    public string CurrentSyncStep() => Call(nameof(CurrentSyncStep), inner.CurrentSyncStep);

    public void CheckpointSync(string syncToken) => Do(nameof(CheckpointSync), () => inner.CheckpointSync(syncToken));

    public void EndSync() => Do(nameof(EndSync), inner.EndSync);

    public void ViewSync(string syncId) => Do(nameof(ViewSync), () => inner.ViewSync(syncId));

    public void PutResourceTypes(params ReadOnlySpan<ResourceType> resourceTypes)
    {
        ResourceType[] batch = resourceTypes.ToArray();
        Do(nameof(PutResourceTypes), () => inner.PutResourceTypes(batch));
    }

    public void PutResources(params ReadOnlySpan<Resource> resources)
    {
        Resource[] batch = resources.ToArray();
        Do(nameof(PutResources), () => inner.PutResources(batch));
    }

    public void PutEntitlements(params ReadOnlySpan<Entitlement> entitlements)
    {
        Entitlement[] batch = entitlements.ToArray();
        Do(nameof(PutEntitlements), () => inner.PutEntitlements(batch));
    }

    public void PutGrants(params ReadOnlySpan<Grant> grants)
    {
        Grant[] batch = grants.ToArray();
        Do(nameof(PutGrants), () => inner.PutGrants(batch));
    }

    public void PutResourceTypesIfNewer(params ReadOnlySpan<Discovered<ResourceType>> resourceTypes) => inner.PutResourceTypesIfNewer(resourceTypes);

    public void PutResourcesIfNewer(params ReadOnlySpan<Discovered<Resource>> resources) => inner.PutResourcesIfNewer(resources);

    public void PutEntitlementsIfNewer(params ReadOnlySpan<Discovered<Entitlement>> entitlements) => inner.PutEntitlementsIfNewer(entitlements);

    public void PutGrantsIfNewer(params ReadOnlySpan<Discovered<Grant>> grants) => inner.PutGrantsIfNewer(grants);

    public void DeleteGrant(string grantId) => Do(nameof(DeleteGrant), () => inner.DeleteGrant(grantId));

    public void PutAsset(AssetRef asset, string contentType, ReadOnlySpan<byte> data) => inner.PutAsset(asset, contentType, data);

    public void PutAsset(AssetRef asset, string contentType, Stream data) => inner.PutAsset(asset, contentType, data);

    public void Cleanup() => Do(nameof(Cleanup), inner.Cleanup);

    public Page<ResourceType> ListResourceTypes(ListResourceTypesRequest request) => Call(nameof(ListResourceTypes), () => inner.ListResourceTypes(request));

    public ResourceType GetResourceType(GetResourceTypeRequest request) => Call(nameof(GetResourceType), () => inner.GetResourceType(request));

    public Page<Resource> ListResources(ListResourcesRequest request) => Call(nameof(ListResources), () => inner.ListResources(request));

    public Resource GetResource(GetResourceRequest request) => Call(nameof(GetResource), () => inner.GetResource(request));

    public IReadOnlyList<Resource> ListResourcesByIds(ListResourcesByIdsRequest request) => Call(nameof(ListResourcesByIds), () => inner.ListResourcesByIds(request));

    public Page<Entitlement> ListEntitlements(ListEntitlementsRequest request) => Call(nameof(ListEntitlements), () => inner.ListEntitlements(request));

    public Page<Entitlement> ListStaticEntitlements(ListEntitlementsRequest request) => Call(nameof(ListStaticEntitlements), () => inner.ListStaticEntitlements(request));

    public Entitlement GetEntitlement(GetEntitlementRequest request) => Call(nameof(GetEntitlement), () => inner.GetEntitlement(request));

    public IReadOnlyList<Entitlement> ListEntitlementsByIds(ListEntitlementsByIdsRequest request) => Call(nameof(ListEntitlementsByIds), () => inner.ListEntitlementsByIds(request));

    public Page<Grant> ListGrants(ListGrantsRequest request) => Call(nameof(ListGrants), () => inner.ListGrants(request));

    public Grant GetGrant(GetGrantRequest request) => Call(nameof(GetGrant), () => inner.GetGrant(request));

    public Page<Grant> ListGrantsForEntitlement(ListGrantsForEntitlementRequest request) => Call(nameof(ListGrantsForEntitlement), () => inner.ListGrantsForEntitlement(request));

    public Page<Grant> ListGrantsForPrincipal(ListGrantsForPrincipalRequest request) => Call(nameof(ListGrantsForPrincipal), () => inner.ListGrantsForPrincipal(request));

    public Page<Grant> ListGrantsForResourceType(ListGrantsForResourceTypeRequest request) => Call(nameof(ListGrantsForResourceType), () => inner.ListGrantsForResourceType(request));

    public Page<Grant> ListGrantsForEntitlements(ListGrantsForEntitlementsRequest request) => Call(nameof(ListGrantsForEntitlements), () => inner.ListGrantsForEntitlements(request));

    public Page<Grant> ListGrantsWithExpansion(ListGrantsRequest request) => Call(nameof(ListGrantsWithExpansion), () => inner.ListGrantsWithExpansion(request));

    public IEnumerable<Grant> StreamGrants(string syncId, GrantStreamFilter filter) => Call(nameof(StreamGrants), () => inner.StreamGrants(syncId, filter));

    public IEnumerable<Resource> StreamResources(string syncId, string? resourceTypeId = null) => Call(nameof(StreamResources), () => inner.StreamResources(syncId, resourceTypeId));

    public IEnumerable<Entitlement> StreamEntitlements(string syncId) => Call(nameof(StreamEntitlements), () => inner.StreamEntitlements(syncId));

    public AssetContent GetAsset(GetAssetRequest request) => Call(nameof(GetAsset), () => inner.GetAsset(request));

    public SyncRun GetSync(string syncId) => Call(nameof(GetSync), () => inner.GetSync(syncId));

    public Page<SyncRun> ListSyncs(int pageSize, string? pageToken) => Call(nameof(ListSyncs), () => inner.ListSyncs(pageSize, pageToken));

    public SyncRun? GetLatestFinishedSync(SyncType type) => Call(nameof(GetLatestFinishedSync), () => inner.GetLatestFinishedSync(type));

    public string LatestFinishedSyncId(SyncType type) => Call(nameof(LatestFinishedSyncId), () => inner.LatestFinishedSyncId(type));

    public string PreviousSyncId(SyncType type) => Call(nameof(PreviousSyncId), () => inner.PreviousSyncId(type));

    public Page<SyncRunInfo> ListSyncRuns(int pageSize, string? pageToken) => Call(nameof(ListSyncRuns), () => inner.ListSyncRuns(pageSize, pageToken));
}
