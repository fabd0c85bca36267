using Engine.Lsm.Wal;

namespace Engine.Tests.Lsm.Wal;

/// <summary>What a <see cref="LogReader"/> returned and reported over a whole log.</summary>
/// <remarks>Immutable once built; one test uses it.</remarks>
internal sealed record LogReadResult(
    List<(long Offset, byte[] Data)> Records,
    long? TornTailOffset,
    long DroppedBytes,
    long LastValidOffset,
    int SkippedRecords,
    long SkippedBytes);
