using System;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Transfer;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The mapping between a <see cref="TransferRecord"/> and the stored <see cref="EntityRecord"/> of its table: which
/// side columns go where and which flags they set (docs/format/keyspace.md, "Entity values").
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class TransferRows
{
    /// <summary>The primary keyspace of <paramref name="table"/>; InvalidArgument for an undefined table.</summary>
    public static Keyspace KeyspaceOf(RecordTable table)
    {
        switch (table)
        {
            case RecordTable.ResourceTypes:
                return Keyspace.ResourceType;
            case RecordTable.Resources:
                return Keyspace.Resource;
            case RecordTable.Entitlements:
                return Keyspace.Entitlement;
            case RecordTable.Grants:
                return Keyspace.Grant;
            default:
                SyncErrors.InvalidArgument($"'{table}' is not a record table");
                return default;
        }
    }

    /// <summary>The side columns and flags <paramref name="row"/> is stored with in <paramref name="table"/>.</summary>
    public static (SideColumns Columns, int Count, RecordFlags Flags) Columns(RecordTable table, TransferRecord row) => table switch
    {
        RecordTable.Resources => (
            SideColumns.Of(row.ResourceTypeId, row.ParentResourceTypeId ?? "", row.ParentResourceId ?? ""),
            3,
            row.ParentResourceTypeId is null && row.ParentResourceId is null ? RecordFlags.None : RecordFlags.HasParent),
        RecordTable.Entitlements => (SideColumns.Of(row.ResourceTypeId, row.ResourceId), 2, RecordFlags.None),
        RecordTable.Grants => (
            SideColumns.Of(row.ResourceTypeId, row.ResourceId, row.EntitlementId, row.PrincipalResourceTypeId, row.PrincipalResourceId),
            EntityRecord.MaxColumns,
            (row.Expansion is null ? RecordFlags.None : RecordFlags.HasExpansion) | (row.NeedsExpansion ? RecordFlags.NeedsExpansion : RecordFlags.None)),
        _ => (default, 0, RecordFlags.None),
    };

    /// <summary>The transfer row of a stored record of <paramref name="table"/> with id <paramref name="externalId"/>.</summary>
    public static TransferRecord ToTransfer(RecordTable table, string externalId, in EntityRecord record)
    {
        TransferRecord row = new() { ExternalId = externalId, Data = record.Blob.ToArray(), DiscoveredAtUnixNanos = record.DiscoveredAtUnixNanos };
        bool hasParent = (record.Flags & RecordFlags.HasParent) != 0;
        return table switch
        {
            RecordTable.Resources => row with
            {
                ResourceTypeId = record.Column(0),
                ParentResourceTypeId = hasParent ? record.Column(1) : null,
                ParentResourceId = hasParent ? record.Column(2) : null,
            },
            RecordTable.Entitlements => row with { ResourceTypeId = record.Column(0), ResourceId = record.Column(1) },
            RecordTable.Grants => row with
            {
                ResourceTypeId = record.Column(0),
                ResourceId = record.Column(1),
                EntitlementId = record.Column(2),
                PrincipalResourceTypeId = record.Column(3),
                PrincipalResourceId = record.Column(4),
                Expansion = ExpansionOf(record),
                NeedsExpansion = (record.Flags & RecordFlags.NeedsExpansion) != 0,
            },
            _ => row,
        };
    }

    /// <summary>A stored record's expansion, null (SQL NULL) when it has none.</summary>
    private static byte[]? ExpansionOf(in EntityRecord record) =>
        (record.Flags & RecordFlags.HasExpansion) == 0 ? null : record.Expansion.ToArray();

    /// <summary>The expansion bytes to store with <paramref name="row"/> (empty when it has none).</summary>
    public static ReadOnlySpan<byte> ExpansionOf(TransferRecord row) => row.Expansion;
}
