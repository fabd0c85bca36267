namespace Engine.Api.Sync.Telemetry;

/// <summary>
/// The sync store's public operations, one per method of <see cref="ISyncStore"/> and of the stores it hands out
/// (grants, sync metadata, sessions), named as the method (sessions with a <c>Session</c> prefix). Indexes the
/// per-operation counters; <see cref="SyncOperations.Name(SyncOperation)"/> gives the <c>operation</c> tag.
/// </summary>
internal enum SyncOperation
{
    ListResourceTypes,

    ListResources,

    ListEntitlements,

    ListStaticEntitlements,

    ListGrants,

    ListGrantsForEntitlement,

    ListGrantsForPrincipal,

    ListGrantsForResourceType,

    ListGrantsForEntitlements,

    ListGrantsWithExpansion,

    GetResourceType,

    GetResource,

    GetEntitlement,

    GetGrant,

    ListResourcesByIds,

    ListEntitlementsByIds,

    StreamGrants,

    StreamResources,

    StreamEntitlements,

    GetAsset,

    GetSync,

    ListSyncs,

    GetLatestFinishedSync,

    LatestFinishedSyncId,

    PreviousSyncId,

    ListSyncRuns,

    StartNewSync,

    ResumeSync,

    StartOrResumeSync,

    SetCurrentSync,

    CurrentSyncStep,

    CheckpointSync,

    EndSync,

    ViewSync,

    PutResourceTypes,

    PutResources,

    PutEntitlements,

    PutGrants,

    StoreExpandedGrants,

    PutResourceTypesIfNewer,

    PutResourcesIfNewer,

    PutEntitlementsIfNewer,

    PutGrantsIfNewer,

    DeleteGrant,

    PutAsset,

    Cleanup,

    DeleteSyncRun,

    CurrentSizeBytes,

    VerifyIndexes,

    Close,

    Pack,

    CloneSync,

    CopyIsolateSync,

    GenerateSyncDiff,

    GenerateSyncDiffFrom,

    MergeNewer,

    ImportRun,

    ImportRecords,

    ImportAsset,

    ImportSessions,

    ExportRuns,

    ExportRecords,

    ExportAssets,

    ExportSessions,

    PendingExpansionPage,

    PendingExpansion,

    ListWithAnnotationsPage,

    ListWithAnnotationsForResourcePage,

    ListWithAnnotations,

    MarkSyncSupportsDiff,

    SetSyncLink,

    LatestFullSync,

    LatestFinishedSyncOfAnyType,

    Stats,

    StatsV2,

    GrantStats,

    RecalculateStats,

    MarkIngestInvariantsVerified,

    ClearIngestInvariantVerification,

    SessionTryGet,

    SessionGetMany,

    SessionGetAll,

    SessionPut,

    SessionPutMany,

    SessionDelete,

    SessionClear,

    Compact,

    Vacuum,

    Verify,

    CompareSyncs,
}
