namespace Engine.Api.Sync.Results;

/// <summary>What a store is, without I/O: the engine, the file format and the packed payload's encoding.</summary>
/// <param name="Engine">The engine's name: <c>"lsm-cs1"</c> for ours, <c>"sqlite"</c> for the reference backend.</param>
/// <param name="Format">The file format: <c>"lsm1"</c> for our directory or packed artifact, <c>"v1"</c> for SQLite.</param>
/// <param name="PayloadEncoding">How a packed artifact's payload is encoded; empty when not packed.</param>
public sealed record StoreMetadata(string Engine, string Format, string PayloadEncoding);
