using System;

namespace Engine.Api.Sync.Transfer;

/// <summary>
/// One stored row of an entity table as it moves between stores and files: the external id, the protobuf blob exactly
/// as stored, the time first seen in its sync, and the side columns as stored (on conflict the reference keeps the first
/// side columns, so they may disagree with the blob; shared/spec/baton-storage.md, sections 1.4, 3.1 and 3.5).
/// </summary>
/// <remarks>
/// Which side columns a table has: resource types none; resources <see cref="ResourceTypeId"/> and the nullable parent
/// pair; entitlements <see cref="ResourceTypeId"/> and <see cref="ResourceId"/> of the entitlement's resource; grants
/// the entitlement's resource pair, <see cref="EntitlementId"/>, the principal pair and the expansion columns. Columns a
/// table does not have are left at their defaults.
/// </remarks>
public sealed record TransferRecord
{
    /// <summary>The row's external id (for a resource, <c>"{type}:{id}"</c>), byte for byte.</summary>
    public required string ExternalId { get; init; }

    /// <summary>The protobuf blob as stored; never re-encoded on the way.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>When the row was first seen in its sync.</summary>
    public long DiscoveredAtUnixNanos { get; init; }

    /// <summary>Resources: the resource's type; entitlements and grants: the entitlement resource's type.</summary>
    public string ResourceTypeId { get; init; } = "";

    /// <summary>Entitlements and grants: the entitlement resource's id.</summary>
    public string ResourceId { get; init; } = "";

    /// <summary>Resources: the parent's resource type, or null when the resource has no parent.</summary>
    public string? ParentResourceTypeId { get; init; }

    /// <summary>Resources: the parent's resource id, or null when the resource has no parent.</summary>
    public string? ParentResourceId { get; init; }

    /// <summary>Grants: the entitlement id.</summary>
    public string EntitlementId { get; init; } = "";

    /// <summary>Grants: the principal's resource type.</summary>
    public string PrincipalResourceTypeId { get; init; } = "";

    /// <summary>Grants: the principal's resource id.</summary>
    public string PrincipalResourceId { get; init; } = "";

    /// <summary>Grants: the marshalled <c>GrantExpandable</c> of the <c>expansion</c> column, or null (SQL NULL).</summary>
    /// <remarks>
    /// An array, not a nullable <c>ReadOnlyMemory</c>: C# turns a null array into an empty, non-null memory without a
    /// word, and an empty expansion is not SQL NULL.
    /// </remarks>
    public byte[]? Expansion { get; init; }

    /// <summary>Grants: the <c>needs_expansion</c> column.</summary>
    public bool NeedsExpansion { get; init; }
}
