using System;
using System.Buffers;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;

namespace Engine.Api.Sync;

/// <summary>
/// The connector-facing writes of records (shared/spec/baton-storage.md, section 1.4): each call one atomic batch of
/// upserts into the current sync.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>Upserts resource types into the current sync, in one atomic batch.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: an empty or oversized id.</exception>
    public void PutResourceTypes(params ReadOnlySpan<ResourceType> resourceTypes) =>
        Write(SyncOperation.PutResourceTypes, Keyspace.ResourceType, resourceTypes, UpsertMode.Replace, static (ResourceType m, ref PendingRecord row) => FromResourceType(m, ref row));

    /// <summary>Upserts resources into the current sync, in one atomic batch.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: a missing, empty or oversized id.</exception>
    public void PutResources(params ReadOnlySpan<Resource> resources) =>
        Write(SyncOperation.PutResources, Keyspace.Resource, resources, UpsertMode.Replace, static (Resource m, ref PendingRecord row) => FromResource(m, ref row));

    /// <summary>Upserts entitlements into the current sync, in one atomic batch.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: an empty or oversized id.</exception>
    public void PutEntitlements(params ReadOnlySpan<Entitlement> entitlements) =>
        Write(SyncOperation.PutEntitlements, Keyspace.Entitlement, entitlements, UpsertMode.Replace, static (Entitlement m, ref PendingRecord row) => FromEntitlement(m, ref row));

    /// <summary>
    /// Upserts grants into the current sync, in one atomic batch. A GrantExpandable annotation leaves the stored blob
    /// and becomes the grant's expansion state (spec 3.5).
    /// </summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: an empty or oversized id, a malformed GrantExpandable.</exception>
    public void PutGrants(params ReadOnlySpan<Grant> grants) =>
        Write(SyncOperation.PutGrants, Keyspace.Grant, grants, UpsertMode.Replace, static (Grant m, ref PendingRecord row) => FromGrant(m, ref row));

    /// <summary>
    /// Writes expanded grants (the expander's write-back): strips any GrantExpandable; an existing grant keeps its
    /// expansion and needs_expansion, a new one gets none.
    /// </summary>
    public void StoreExpandedGrants(params ReadOnlySpan<Grant> grants) =>
        Write(SyncOperation.StoreExpandedGrants, Keyspace.Grant, grants, UpsertMode.PreserveExpansion, static (Grant m, ref PendingRecord row) => FromGrant(m, ref row));

    /// <summary>Writes each resource type unless one of the same id was discovered at or after it (spec 3.6).</summary>
    public void PutResourceTypesIfNewer(params ReadOnlySpan<Discovered<ResourceType>> resourceTypes) =>
        WriteIfNewer(SyncOperation.PutResourceTypesIfNewer, Keyspace.ResourceType, resourceTypes, static (ResourceType m, ref PendingRecord row) => FromResourceType(m, ref row));

    /// <summary>Writes each resource unless one of the same id was discovered at or after it.</summary>
    public void PutResourcesIfNewer(params ReadOnlySpan<Discovered<Resource>> resources) =>
        WriteIfNewer(SyncOperation.PutResourcesIfNewer, Keyspace.Resource, resources, static (Resource m, ref PendingRecord row) => FromResource(m, ref row));

    /// <summary>Writes each entitlement unless one of the same id was discovered at or after it.</summary>
    public void PutEntitlementsIfNewer(params ReadOnlySpan<Discovered<Entitlement>> entitlements) =>
        WriteIfNewer(SyncOperation.PutEntitlementsIfNewer, Keyspace.Entitlement, entitlements, static (Entitlement m, ref PendingRecord row) => FromEntitlement(m, ref row));

    /// <summary>Writes each grant unless one of the same id was discovered at or after it.</summary>
    public void PutGrantsIfNewer(params ReadOnlySpan<Discovered<Grant>> grants) =>
        WriteIfNewer(SyncOperation.PutGrantsIfNewer, Keyspace.Grant, grants, static (Grant m, ref PendingRecord row) => FromGrant(m, ref row));

    /// <summary>Fills a pending row from a message: its id, side columns, blob message and expansion.</summary>
    private delegate void RowBuilder<in T>(T message, ref PendingRecord row);

    private void Write<T>(SyncOperation operation, Keyspace keyspace, ReadOnlySpan<T> messages, UpsertMode mode, RowBuilder<T> build)
        where T : class
    {
        using OperationScope op = _telemetry.Begin(operation);
        PendingRecord[] rows = ArrayPool<PendingRecord>.Shared.Rent(messages.Length);
        try
        {
            for (int i = 0; i < messages.Length; i++)
            {
                rows[i] = default;
                build(messages[i] ?? throw new ArgumentException($"Element {i} is null.", nameof(messages)), ref rows[i]);
            }

            Upsert(keyspace, rows.AsSpan(0, messages.Length), mode);
        }
        finally
        {
            ArrayPool<PendingRecord>.Shared.Return(rows, clearArray: true);
        }
    }

    private void WriteIfNewer<T>(SyncOperation operation, Keyspace keyspace, ReadOnlySpan<Discovered<T>> records, RowBuilder<T> build)
        where T : class
    {
        using OperationScope op = _telemetry.Begin(operation);
        PendingRecord[] rows = ArrayPool<PendingRecord>.Shared.Rent(records.Length);
        try
        {
            for (int i = 0; i < records.Length; i++)
            {
                rows[i] = default;
                build(records[i].Record ?? throw new ArgumentException($"Element {i} has no record.", nameof(records)), ref rows[i]);
                rows[i].DiscoveredAt = records[i].DiscoveredAt is { } at ? ToUnixNanos(at) : null;
            }

            Upsert(keyspace, rows.AsSpan(0, records.Length), UpsertMode.IfNewer);
        }
        finally
        {
            ArrayPool<PendingRecord>.Shared.Return(rows, clearArray: true);
        }
    }

    private static void FromResourceType(ResourceType message, ref PendingRecord row)
    {
        row.Id = RequireId(message.Id, "resource type");
        row.Message = message;
        CheckKeyLength(row.Id, []);
    }

    private static void FromResource(Resource message, ref PendingRecord row)
    {
        ResourceId id = message.Id;
        if (id is null || id.ResourceType.Length == 0 || id.Resource.Length == 0)
        {
            SyncErrors.InvalidArgument("a resource needs an id with a resource type and a resource");
        }

        row.Id = RequireId(ResourceKey(id), "resource");
        ResourceId? parent = message.ParentResourceId;
        row.Columns = SideColumns.Of(id.ResourceType, parent?.ResourceType ?? "", parent?.Resource ?? "");
        row.ColumnCount = 3;
        row.Flags = parent is null ? RecordFlags.None : RecordFlags.HasParent;
        row.Message = CanonicalMessages.Of(message);
        CheckKeyLength(row.Id, row.Columns.First(3));
    }

    private static void FromEntitlement(Entitlement message, ref PendingRecord row)
    {
        row.Id = RequireId(message.Id, "entitlement");
        ResourceId? resource = message.Resource?.Id;
        row.Columns = SideColumns.Of(resource?.ResourceType ?? "", resource?.Resource ?? "");
        row.ColumnCount = 2;
        row.Message = CanonicalMessages.Of(message);
        CheckKeyLength(row.Id, row.Columns.First(2));
    }

    private static void FromGrant(Grant message, ref PendingRecord row)
    {
        row.Id = RequireId(message.Id, "grant");
        Grant stored = GrantExpansion.Strip(CanonicalMessages.Of(message), out row.Expansion);
        ResourceId? resource = stored.Entitlement?.Resource?.Id;
        ResourceId? principal = stored.Principal?.Id;
        row.Columns = SideColumns.Of(
            resource?.ResourceType ?? "", resource?.Resource ?? "", stored.Entitlement?.Id ?? "", principal?.ResourceType ?? "", principal?.Resource ?? "");
        row.ColumnCount = EntityRecord.MaxColumns;
        row.Message = stored;
        CheckKeyLength(row.Id, row.Columns.First(EntityRecord.MaxColumns));
    }

    /// <summary>SQLite's external_id of a resource: <c>"{resource_type}:{resource}"</c>.</summary>
    internal static string ResourceKey(ResourceId id) => string.Concat(id.ResourceType, ":", id.Resource);

    private static string RequireId(string id, string what)
    {
        if (string.IsNullOrEmpty(id))
        {
            SyncErrors.InvalidArgument($"a {what} needs a non-empty id");
        }

        return id;
    }

    /// <summary>Refuses ids and side columns that would make a key longer than the store allows.</summary>
    private static void CheckKeyLength(string id, ReadOnlySpan<string> columns)
    {
        int chars = id.Length;
        foreach (string column in columns)
        {
            chars += column.Length;
        }

        // Escaping at most doubles a UTF-8 byte and a char is at most three bytes; only long ids need the exact count.
        if (chars * 6 + 64 <= Database.MaxKeySizeBytes)
        {
            return;
        }

        int bytes = System.Text.Encoding.UTF8.GetByteCount(id);
        foreach (string column in columns)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(column);
        }

        if (bytes * 2 + 64 > Database.MaxKeySizeBytes)
        {
            SyncErrors.InvalidArgument($"the id '{id[..Math.Min(id.Length, 64)]}...' and its side columns take {bytes} bytes, more than a key holds");
        }
    }
}
