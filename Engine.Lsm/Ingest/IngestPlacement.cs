using System.Collections.Generic;
using Engine.Lsm.Compaction;
using Engine.Lsm.Manifest;

namespace Engine.Lsm.Ingest;

/// <summary>Decides the level an ingested run goes into.</summary>
/// <remarks>
/// <para>
/// A read stops at the first source that holds its key, memtables first, then L0 newest first, then L1 to L6; so for
/// every key, what lies higher must be newer. The run carries the newest sequence number in the store and its caller
/// has flushed every memtable that may hold one of its keys, so it may go into any level <c>L</c> such that nothing in
/// L0 to L<c>L</c> overlaps its key range: everything it could shadow then lies below it. The deepest such level is
/// taken (RocksDB and Pebble place ingested files the same way), so a run into an empty store, or into a key range no
/// table covers, lands in L6 and no compaction ever rewrites it. When L0 itself overlaps, the run becomes L0's newest
/// table(s): L0 is ordered by largest sequence number, and the run's is above every other table's.
/// </para>
/// <para>
/// A running compaction counts as occupying its output level over its whole key range: its outputs are not in the
/// version yet, and a run placed in that level would overlap them (or, deeper, lie under older data). Compactions picked
/// later see the run in the version they pick from.
/// </para>
/// <para>Stateless; thread-safe. The caller holds the store's mutex, so the version and the running jobs agree.</para>
/// </remarks>
internal static class IngestPlacement
{
    /// <summary>The level for a run spanning <paramref name="run"/> (user keys, both ends inclusive).</summary>
    public static int TargetLevel(TreeVersion version, IReadOnlyList<CompactionJob> running, KeyRange run)
    {
        foreach (FileMetadata file in version.Files(0))
        {
            if (run.Overlaps(file))
            {
                return 0;
            }
        }

        int target = 0;
        for (int level = 1; level < TreeVersion.LevelCount; level++)
        {
            if (LevelOverlap.Run(version.Files(level), run) is (int start, int end) && end > start)
            {
                break;
            }

            if (CompactionWritesInto(running, level, run))
            {
                break;
            }

            target = level;
        }

        return target;
    }

    private static bool CompactionWritesInto(IReadOnlyList<CompactionJob> running, int level, KeyRange run)
    {
        foreach (CompactionJob job in running)
        {
            if (job.OutputLevel == level && job.Range.Overlaps(run))
            {
                return true;
            }
        }

        return false;
    }
}
