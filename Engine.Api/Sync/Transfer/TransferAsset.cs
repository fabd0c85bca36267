using System;

namespace Engine.Api.Sync.Transfer;

/// <summary>One stored asset (<c>v1_assets</c>) as it moves between stores and files.</summary>
public sealed record TransferAsset
{
    /// <summary>The asset's external id.</summary>
    public required string ExternalId { get; init; }

    /// <summary>The content type as stored.</summary>
    public required string ContentType { get; init; }

    /// <summary>The asset's bytes.</summary>
    public required ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>When the asset was first seen in its sync.</summary>
    public long DiscoveredAtUnixNanos { get; init; }
}
