using Engine.Lsm.Wal;

namespace Engine.Tests.Lsm.Wal;

/// <summary>One chunk of a well-formed log, as parsed by <see cref="LogTestData.ParseChunks"/>.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal readonly record struct ParsedChunk(long Offset, ChunkType Type, int Length, long SyncOffset);
