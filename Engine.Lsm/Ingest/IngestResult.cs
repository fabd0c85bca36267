// Declared in Engine.Api although the file lives in Engine.Lsm/Ingest, for the reason given in ISortedEntrySource.cs.
namespace Engine.Api;

/// <summary>What one <c>Database.Ingest</c> installed.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
/// <param name="Tables">The tables written and installed; 0 when the source was empty.</param>
/// <param name="Bytes">Their size on disk, in bytes.</param>
/// <param name="Level">The level they went into (0 to 6); -1 when the source was empty.</param>
/// <param name="Sequence">The one sequence number every entry carries; 0 when the source was empty.</param>
/// <param name="Entries">The entries written, puts and deletes.</param>
public sealed record IngestResult(int Tables, long Bytes, int Level, ulong Sequence, long Entries)
{
    /// <summary>The result of ingesting an empty source: nothing written, no sequence number used.</summary>
    internal static IngestResult Empty { get; } = new(0, 0, -1, 0, 0);
}
