using System;
using System.IO;
using C1.Connector.V2;

namespace Engine.Api.Sync;

/// <summary>
/// The sync lifecycle and the connector-facing writes (the reference's <c>connectorstore.Writer</c>), with the
/// semantics of shared/spec/baton-storage.md, sections 1.3 and 1.4.
/// </summary>
/// <remarks>
/// Writes need a writable store (else <see cref="StorageErrorCode.ReadOnly"/>) and a current sync (else
/// <see cref="StorageErrorCode.FailedPrecondition"/>). Each Put call is one atomic batch, however large: an upsert on
/// (sync, id) that replaces the blob but keeps the record's first <c>discovered_at</c> and side columns. Durability:
/// a returned write survives a crash of the process; <see cref="CheckpointSync"/> and <see cref="EndSync"/> also make
/// it, and every write before them, survive a crash of the machine (as the reference commits a fresh sync's batches
/// without syncing and syncs once at its end).
/// </remarks>
public interface ISyncWriter : ISyncReader
{
    /// <summary>Starts a sync and binds it, or returns the open current sync of the same type.</summary>
    string StartNewSync(SyncType type, string parentSyncId = "");

    /// <summary>Binds an unfinished sync: the given one, or the latest of the type started within 7 days.</summary>
    string ResumeSync(SyncType type, string syncId = "");

    /// <summary>Resumes as <see cref="ResumeSync"/>, or starts a new sync when there is nothing to resume and no id was given.</summary>
    (string SyncId, bool StartedNew) StartOrResumeSync(SyncType type, string syncId = "");

    /// <summary>Binds an existing sync, ended or not.</summary>
    void SetCurrentSync(string syncId);

    /// <summary>The current sync's last checkpoint token.</summary>
    string CurrentSyncStep();

    /// <summary>Stores the syncer's checkpoint token on the current sync, atomically.</summary>
    void CheckpointSync(string syncToken);

    /// <summary>Ends the current sync: stamps ended_at, stores its stats and unbinds it.</summary>
    void EndSync();

    /// <summary>Selects the sync that reads use when none is current; fails while a sync is running.</summary>
    void ViewSync(string syncId);

    /// <summary>Upserts resource types into the current sync, in one atomic batch.</summary>
    void PutResourceTypes(params ReadOnlySpan<ResourceType> resourceTypes);

    /// <summary>Upserts resources into the current sync, in one atomic batch.</summary>
    void PutResources(params ReadOnlySpan<Resource> resources);

    /// <summary>Upserts entitlements into the current sync, in one atomic batch.</summary>
    void PutEntitlements(params ReadOnlySpan<Entitlement> entitlements);

    /// <summary>Upserts grants into the current sync, in one atomic batch, moving any GrantExpandable annotation into the grant's expansion state.</summary>
    void PutGrants(params ReadOnlySpan<Grant> grants);

    /// <summary>Writes each record unless one with the same id exists with a <c>discovered_at</c> at or after the given one.</summary>
    void PutResourceTypesIfNewer(params ReadOnlySpan<Discovered<ResourceType>> resourceTypes);

    /// <inheritdoc cref="PutResourceTypesIfNewer"/>
    void PutResourcesIfNewer(params ReadOnlySpan<Discovered<Resource>> resources);

    /// <inheritdoc cref="PutResourceTypesIfNewer"/>
    void PutEntitlementsIfNewer(params ReadOnlySpan<Discovered<Entitlement>> entitlements);

    /// <inheritdoc cref="PutResourceTypesIfNewer"/>
    void PutGrantsIfNewer(params ReadOnlySpan<Discovered<Grant>> grants);

    /// <summary>Deletes the current sync's grant of this id; a missing one is not an error.</summary>
    void DeleteGrant(string grantId);

    /// <summary>
    /// Stores an asset in the current sync. Empty data is skipped; an empty content type is stored as <c>"unknown"</c>;
    /// a second put of the same id replaces the bytes and keeps the first content type. More than the store's asset
    /// limit is <see cref="StorageErrorCode.ResourceExhausted"/>, and nothing is written.
    /// </summary>
    void PutAsset(AssetRef asset, string contentType, ReadOnlySpan<byte> data);

    /// <inheritdoc cref="PutAsset(AssetRef, string, ReadOnlySpan{byte})"/>
    void PutAsset(AssetRef asset, string contentType, Stream data);

    /// <summary>Deletes the syncs the retention policy no longer keeps and reclaims their space.</summary>
    void Cleanup();
}
