using System;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Transfer;
using Google.Protobuf;

namespace Engine.Sqlite;

/// <summary>
/// The connector-facing writes (shared/spec/baton-storage.md, section 1.4): each call one transaction of prepared
/// single-row upserts into the current sync, stamped with one discovered_at.
/// </summary>
public sealed partial class SqliteSyncStore
{
    /// <summary>Fills a pending row from a message: its id, blob and side columns.</summary>
    private delegate void RowBuilder<in T>(T message, ref PendingRow row);

    /// <summary>Upserts resource types into the current sync, in one transaction.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: an empty id.</exception>
    public void PutResourceTypes(params ReadOnlySpan<ResourceType> resourceTypes) =>
        Write(RecordTable.ResourceTypes, resourceTypes, UpsertMode.Replace, FromResourceType);

    /// <summary>Upserts resources into the current sync, in one transaction.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: a missing or empty id.</exception>
    public void PutResources(params ReadOnlySpan<Resource> resources) =>
        Write(RecordTable.Resources, resources, UpsertMode.Replace, FromResource);

    /// <summary>Upserts entitlements into the current sync, in one transaction.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: an empty id.</exception>
    public void PutEntitlements(params ReadOnlySpan<Entitlement> entitlements) =>
        Write(RecordTable.Entitlements, entitlements, UpsertMode.Replace, FromEntitlement);

    /// <summary>Upserts grants into the current sync, in one transaction, moving a GrantExpandable annotation into the expansion columns (spec 3.5).</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: an empty id, a malformed GrantExpandable.</exception>
    public void PutGrants(params ReadOnlySpan<Grant> grants) =>
        Write(RecordTable.Grants, grants, UpsertMode.Replace, FromGrant);

    /// <summary>Writes expanded grants: strips their GrantExpandable; an existing grant keeps its expansion columns, a new one gets none.</summary>
    public void StoreExpandedGrants(params ReadOnlySpan<Grant> grants) =>
        Write(RecordTable.Grants, grants, UpsertMode.PreserveExpansion, FromGrant);

    /// <summary>Writes each resource type unless one of the same id was discovered at or after it (the removed SQL of spec 3.6).</summary>
    public void PutResourceTypesIfNewer(params ReadOnlySpan<Discovered<ResourceType>> resourceTypes) =>
        WriteIfNewer(RecordTable.ResourceTypes, resourceTypes, FromResourceType);

    /// <summary>Writes each resource unless one of the same id was discovered at or after it.</summary>
    public void PutResourcesIfNewer(params ReadOnlySpan<Discovered<Resource>> resources) =>
        WriteIfNewer(RecordTable.Resources, resources, FromResource);

    /// <summary>Writes each entitlement unless one of the same id was discovered at or after it.</summary>
    public void PutEntitlementsIfNewer(params ReadOnlySpan<Discovered<Entitlement>> entitlements) =>
        WriteIfNewer(RecordTable.Entitlements, entitlements, FromEntitlement);

    /// <summary>Writes each grant unless one of the same id was discovered at or after it.</summary>
    public void PutGrantsIfNewer(params ReadOnlySpan<Discovered<Grant>> grants) =>
        WriteIfNewer(RecordTable.Grants, grants, FromGrant);

    /// <summary>Deletes the current sync's grant of this id; a missing one is not an error. Does not mark the store dirty (the reference's quirk).</summary>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync.</exception>
    public void DeleteGrant(string grantId)
    {
        ArgumentNullException.ThrowIfNull(grantId);
        lock (_lock)
        {
            string sync = RequireWriteSyncLocked();
            _sql.Execute("DELETE FROM v1_grants WHERE external_id = $0 AND sync_id = $1", grantId, sync);
        }
    }

    private void Write<T>(RecordTable table, ReadOnlySpan<T> messages, UpsertMode mode, RowBuilder<T> build)
        where T : class
    {
        lock (_lock)
        {
            string sync = RequireWriteSyncLocked();
            if (messages.IsEmpty)
            {
                return;
            }

            string now = NowText();
            PendingRow[] rows = new PendingRow[messages.Length];
            for (int i = 0; i < messages.Length; i++)
            {
                build(messages[i] ?? throw new ArgumentException($"Element {i} is null.", nameof(messages)), ref rows[i]);
                rows[i].DiscoveredAt = now;
                if (mode == UpsertMode.PreserveExpansion)
                {
                    rows[i].Expansion = null;
                }
            }

            UpsertLocked(table, mode, sync, rows);
        }
    }

    private void WriteIfNewer<T>(RecordTable table, ReadOnlySpan<Discovered<T>> records, RowBuilder<T> build)
        where T : class
    {
        lock (_lock)
        {
            string sync = RequireWriteSyncLocked();
            if (records.IsEmpty)
            {
                return;
            }

            PendingRow[] rows = new PendingRow[records.Length];
            int count = 0;
            for (int i = 0; i < records.Length; i++)
            {
                T message = records[i].Record ?? throw new ArgumentException($"Element {i} has no record.", nameof(records));
                PendingRow row = default;
                build(message, ref row);

                // A record without a discovered_at never writes.
                if (records[i].DiscoveredAt is DateTimeOffset at)
                {
                    row.DiscoveredAt = FormatTime(ToUnixNanos(at));
                    rows[count++] = row;
                }
            }

            UpsertLocked(table, UpsertMode.IfNewer, sync, rows.AsSpan(0, count).ToArray());
        }
    }

    /// <summary>Runs the table's upsert for every row, in order, in one transaction; marks the store dirty.</summary>
    private void UpsertLocked(RecordTable table, UpsertMode mode, string sync, PendingRow[] rows)
    {
        string statement = UpsertStatements.For(table, mode);
        _sql.InTransaction(() =>
        {
            foreach (ref readonly PendingRow row in rows.AsSpan())
            {
                _ = table switch
                {
                    RecordTable.ResourceTypes => _sql.Execute(statement, row.ExternalId, row.Data, sync, row.DiscoveredAt),
                    RecordTable.Resources => _sql.Execute(statement, row.ExternalId, row.Data, sync, row.DiscoveredAt, row.ResourceTypeId, row.ParentResourceTypeId, row.ParentResourceId),
                    RecordTable.Entitlements => _sql.Execute(statement, row.ExternalId, row.Data, sync, row.DiscoveredAt, row.ResourceTypeId, row.ResourceId),
                    _ => _sql.Execute(
                        statement, row.ExternalId, row.Data, sync, row.DiscoveredAt, row.ResourceTypeId, row.ResourceId, row.EntitlementId,
                        row.PrincipalResourceTypeId, row.PrincipalResourceId, row.Expansion, row.Expansion is not null),
                };
            }
        });
        _dirty = true;
    }

    private static void FromResourceType(ResourceType message, ref PendingRow row)
    {
        row.ExternalId = RequireId(message.Id, "resource type");
        row.Data = message.ToByteArray();
    }

    private static void FromResource(Resource message, ref PendingRow row)
    {
        ResourceId id = message.Id;
        if (id is null || id.ResourceType.Length == 0 || id.Resource.Length == 0)
        {
            SyncErrors.InvalidArgument("a resource needs an id with a resource type and a resource");
        }

        row.ExternalId = SyncStore.ResourceKey(id);
        row.ResourceTypeId = id.ResourceType;
        row.ParentResourceTypeId = message.ParentResourceId?.ResourceType;
        row.ParentResourceId = message.ParentResourceId?.Resource;
        row.Data = CanonicalMessages.Of(message).ToByteArray();
    }

    private static void FromEntitlement(Entitlement message, ref PendingRow row)
    {
        row.ExternalId = RequireId(message.Id, "entitlement");
        ResourceId? resource = message.Resource?.Id;
        row.ResourceTypeId = resource?.ResourceType ?? "";
        row.ResourceId = resource?.Resource ?? "";
        row.Data = CanonicalMessages.Of(message).ToByteArray();
    }

    private static void FromGrant(Grant message, ref PendingRow row)
    {
        row.ExternalId = RequireId(message.Id, "grant");
        Grant stored = GrantExpansion.Strip(CanonicalMessages.Of(message), out row.Expansion);
        ResourceId? resource = stored.Entitlement?.Resource?.Id;
        ResourceId? principal = stored.Principal?.Id;
        row.ResourceTypeId = resource?.ResourceType ?? "";
        row.ResourceId = resource?.Resource ?? "";
        row.EntitlementId = stored.Entitlement?.Id ?? "";
        row.PrincipalResourceTypeId = principal?.ResourceType ?? "";
        row.PrincipalResourceId = principal?.Resource ?? "";
        row.Data = stored.ToByteArray();
    }

    private static string RequireId(string id, string what)
    {
        if (string.IsNullOrEmpty(id))
        {
            SyncErrors.InvalidArgument($"a {what} needs a non-empty id");
        }

        return id;
    }
}
