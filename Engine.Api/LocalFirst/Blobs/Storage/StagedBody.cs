namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>
/// A body streamed in but not yet committed: its description, plus the temporary file holding it when it went to a
/// file (a chunked body's chunks are under <see cref="BlobBody.BodyId"/>, named by a staging marker).
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record StagedBody(BlobBody Body, string? TempFile);
