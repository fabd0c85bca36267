using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The grant listings by entitlement, principal and entitlement resource type (shared/spec/baton-storage.md,
/// section 1.6), each a scan of one grant index under the request's leading columns, default sync: the latest finished
/// full sync.
/// </summary>
public sealed partial class SyncStore
{
    // Side columns of a grant record (docs/format/keyspace.md, "Entity values").
    private const int EntitlementIdColumn = 2;
    private const int PrincipalTypeColumn = 3;
    private const int PrincipalIdColumn = 4;

    /// <summary>
    /// True: each entitlement's grants come back sorted by principal (type, then id, as UTF-8 bytes compare), because
    /// <see cref="ListGrantsForEntitlement"/> walks the GrantByEntitlement index, whose keys sort by (entitlement id,
    /// principal type, principal id) and the tuple encoding preserves that order.
    /// </summary>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An ISyncReader member; another store may answer false.")]
    public bool GrantsForEntitlementPrincipalSorted => true;

    /// <summary>
    /// One page of the grants of <see cref="ListGrantsForEntitlementRequest.Entitlement"/>, matched by its id alone; of one
    /// principal when <see cref="ListGrantsForEntitlementRequest.PrincipalId"/> is set and of the principal types in
    /// <see cref="ListGrantsForEntitlementRequest.PrincipalResourceTypeIds"/> when not empty. Sorted by principal.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: no entitlement, a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForEntitlement(ListGrantsForEntitlementRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListGrantsForEntitlement, request);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Entitlement is null)
        {
            SyncErrors.InvalidArgument("ListGrantsForEntitlement: missing entitlement");
        }

        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        byte[] prefix = request.PrincipalId is { } principal
            ? KeyBuilder.Tuple(request.Entitlement.Id, principal.ResourceType, principal.Resource)
            : KeyBuilder.Tuple(request.Entitlement.Id);
        Listing listing = new(Keyspace.GrantByEntitlement, Keyspace.Grant, sync, prefix);
        RecordFilter? filter = ColumnInFilter(PrincipalTypeColumn, request.PrincipalResourceTypeIds);
        return ListPage(listing, request.PageSize, request.PageToken, Grant.Parser, filter);
    }

    /// <summary>
    /// One page of the grants of <see cref="ListGrantsForPrincipalRequest.PrincipalId"/>, of one entitlement id when
    /// <see cref="ListGrantsForPrincipalRequest.Entitlement"/> is set (an entitlement with an empty id matches nothing).
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: no principal ("missing principal_id"), a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForPrincipal(ListGrantsForPrincipalRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListGrantsForPrincipal, request);
        ArgumentNullException.ThrowIfNull(request);
        if (request.PrincipalId is not { Resource.Length: > 0 } principal)
        {
            SyncErrors.InvalidArgument("ListGrantsForPrincipal: missing principal_id");
            return default;
        }

        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        RecordFilter? filter = null;
        if (request.Entitlement is { } entitlement)
        {
            if (entitlement.Id.Length == 0)
            {
                return new Page<Grant>([], "");
            }

            filter = ColumnFilter(EntitlementIdColumn, entitlement.Id);
        }

        Listing listing = new(Keyspace.GrantByPrincipal, Keyspace.Grant, sync, KeyBuilder.Tuple(principal.ResourceType, principal.Resource));
        return ListPage(listing, request.PageSize, request.PageToken, Grant.Parser, filter);
    }

    /// <summary>
    /// One page of the grants whose <em>entitlement</em> is on a resource of
    /// <see cref="ListGrantsForResourceTypeRequest.ResourceTypeId"/> (the reference SQLite backend's meaning; its Pebble
    /// backend filters on the principal's type instead); every grant when it is empty.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsForResourceType(ListGrantsForResourceTypeRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListGrantsForResourceType, request);
        ArgumentNullException.ThrowIfNull(request);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        string type = request.ResourceTypeId ?? "";
        Listing listing = type.Length == 0
            ? new Listing(Keyspace.Grant, Keyspace.Grant, sync, [])
            : new Listing(Keyspace.GrantByEntitlementResource, Keyspace.Grant, sync, KeyBuilder.Tuple(type));
        return ListPage(listing, request.PageSize, request.PageToken, Grant.Parser);
    }

    /// <summary>
    /// <see cref="ListGrants"/> with the stored <c>GrantExpandable</c> annotation put back into each grant that has an
    /// expansion.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed token or sync override.</exception>
    public Page<Grant> ListGrantsWithExpansion(ListGrantsRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ListGrantsWithExpansion, request);
        ArgumentNullException.ThrowIfNull(request);
        Ksuid? sync = ResolveReadSync(request, ReadDefault.LatestFull);
        return ListPage(GrantListing(sync, request.Resource), request.PageSize, request.PageToken, ReadGrantWithExpansion);
    }

    /// <summary>A listed grant with its expansion, when stored, put back as a GrantExpandable annotation.</summary>
    private Grant ReadGrantWithExpansion(in Row row)
    {
        Grant grant = ParseBlob(row.PrimaryKey, row.Record.Blob, Grant.Parser);
        if ((row.Record.Flags & RecordFlags.HasExpansion) != 0)
        {
            grant.Annotations.Add(GrantExpansion.Annotation(row.Record.Expansion));
        }

        return grant;
    }

    /// <summary>A filter passing records whose side column <paramref name="column"/> equals <paramref name="value"/>.</summary>
    private static RecordFilter ColumnFilter(int column, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        return (in EntityRecord record) => ColumnIs(record, column, utf8);
    }

    /// <summary>A filter passing records whose side column is one of <paramref name="values"/>; null (no filter) when there are none.</summary>
    private static RecordFilter? ColumnInFilter(int column, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1)
        {
            return ColumnFilter(column, values[0]);
        }

        byte[][] utf8 = new byte[values.Count][];
        for (int i = 0; i < utf8.Length; i++)
        {
            utf8[i] = Encoding.UTF8.GetBytes(values[i]);
        }

        return (in EntityRecord record) =>
        {
            ReadOnlySpan<byte> stored = record.ColumnUtf8(column);
            foreach (byte[] candidate in utf8)
            {
                if (stored.SequenceEqual(candidate))
                {
                    return true;
                }
            }

            return false;
        };
    }
}
