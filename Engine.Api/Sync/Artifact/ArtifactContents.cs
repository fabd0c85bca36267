namespace Engine.Api.Sync.Artifact;

/// <summary>What an artifact's header and manifest say: the checked manifest and where the payload starts.</summary>
/// <param name="Manifest">The manifest, its file entries checked against the artifact's length.</param>
/// <param name="PayloadStart">The offset of the first frame: the header's and the manifest's bytes.</param>
internal readonly record struct ArtifactContents(ArtifactManifest Manifest, long PayloadStart);
