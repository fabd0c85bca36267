using MessagePack;

namespace Engine.Api.Sync.Records;

/// <summary>
/// What the store keeps about one asset beside its bytes: stored under the Asset key, the bytes under
/// <see cref="Keys.Keyspace.AssetChunk"/> keys in <see cref="ChunkCount"/> chunks (docs/format/keyspace.md).
/// </summary>
/// <remarks>
/// Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.
/// Every chunk but the last holds exactly <see cref="Keys.SyncKeys.AssetChunkBytes"/> bytes. One thread.
/// </remarks>
[MessagePackObject]
internal sealed class AssetHeader
{
    /// <summary>The contract version this code writes.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    /// <summary>The content type of the first put (<c>"unknown"</c> when it was empty); later puts keep it.</summary>
    [Key(1)]
    public string ContentType { get; set; } = "";

    /// <summary>The asset's length in bytes.</summary>
    [Key(2)]
    public long Length { get; set; }

    [Key(3)]
    public int ChunkCount { get; set; }

    /// <summary>When the asset was first stored in its sync, ns since the Unix epoch; later puts keep it.</summary>
    [Key(4)]
    public long DiscoveredAtUnixNanos { get; set; }
}
