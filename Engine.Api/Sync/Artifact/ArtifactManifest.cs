using System.Collections.Generic;
using MessagePack;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// The manifest of a packed artifact (docs/format/artifact.md): what wrote it, how the payload is encoded, the syncs it
/// holds and where each store file's frame lies. MessagePack with integer keys, never renumbered.
/// </summary>
/// <remarks>Versioned contract: a reader rejects a <see cref="FormatVersion"/> it does not know. Mutable while being built; one thread.</remarks>
[MessagePackObject]
internal sealed class ArtifactManifest
{
    /// <summary>The manifest version this code writes.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    /// <summary>The engine that can read the payload: <see cref="SyncStore.EngineName"/>.</summary>
    [Key(1)]
    public string Engine { get; set; } = SyncStore.EngineName;

    /// <summary>The store directory's format: <see cref="SyncStore.FormatName"/>.</summary>
    [Key(2)]
    public string Format { get; set; } = SyncStore.FormatName;

    [Key(3)]
    public string PayloadEncoding { get; set; } = ArtifactFormat.PayloadEncoding;

    /// <summary>The sync runs, in creation order.</summary>
    [Key(4)]
    public List<ArtifactSyncSummary> Syncs { get; set; } = [];

    /// <summary>The store files, in ordinal name order, their frames back to back.</summary>
    [Key(5)]
    public List<ArtifactFileEntry> Files { get; set; } = [];
}
