using System;
using System.Collections.Generic;
using Engine.Api.Events;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;


namespace Engine.Lsm.Compaction;

/// <summary>Decides what to compact next: the level most over its target, and which of its tables.</summary>
/// <remarks>
/// <para>
/// Scores: L0's is its table count over <see cref="LsmOptions.L0CompactionTrigger"/>; a level's from the base
/// level down is its size over its target (<see cref="LevelTargets"/>), not counting tables already being
/// compacted. Levels are tried from the highest score of at least 1. L0 is compacted whole into the base level (one
/// L0 compaction at a time, so L0 stays newer than everything below). From a lower level one table is taken, the
/// one whose overlap with the next level is smallest relative to its size (RocksDB's min-overlapping-ratio), which
/// keeps the bytes rewritten per byte moved down low.
/// </para>
/// <para>
/// Concurrent compactions stay apart: a job is refused when one of its tables is an input of a running job, or when
/// its key range overlaps that of a running job with the same output level, so outputs of one level never overlap.
/// </para>
/// <para>
/// Cost: O(n log n) in the tables of the two levels involved. A sorted level's overlaps are found by binary search
/// and one merged walk (<see cref="LevelOverlap"/>), and busy tables by one set of the running jobs' inputs. L0's
/// transitive overlap closure is quadratic in L0's table count, which the stop trigger bounds.
/// </para>
/// <para>
/// Stateless and thread-safe. The store picks on a pinned version with a copy of the running jobs, outside its
/// mutex, and commits the choice under the mutex only if the version is still current and
/// <see cref="Collides"/> finds no conflict with the jobs started meanwhile.
/// </para>
/// </remarks>
internal static class CompactionPicker
{
    /// <summary>The score of every level for <paramref name="version"/>; levels that are never compacted score 0.</summary>
    public static double[] Scores(TreeVersion version, LevelTargets targets, LsmOptions options, IReadOnlyList<CompactionJob> running) =>
        Scores(version, targets, options, BusyTables(running));

    /// <summary>True when <paramref name="job"/> may not start beside <paramref name="running"/>.</summary>
    public static bool Collides(CompactionJob job, IReadOnlyList<CompactionJob> running)
    {
        HashSet<ulong> busy = BusyTables(running);
        foreach ((int _, FileMetadata input) in job.Inputs())
        {
            if (busy.Contains(input.Number))
            {
                return true;
            }
        }

        foreach (CompactionJob other in running)
        {
            if ((job.StartLevel == 0 && other.StartLevel == 0) || (other.OutputLevel == job.OutputLevel && other.Range.Overlaps(job.Range)))
            {
                return true;
            }
        }

        return false;
    }

    private static double[] Scores(TreeVersion version, LevelTargets targets, LsmOptions options, HashSet<ulong> busy)
    {
        double[] scores = new double[TreeVersion.LevelCount];
        int idleL0 = 0;
        foreach (FileMetadata file in version.Files(0))
        {
            idleL0 += busy.Contains(file.Number) ? 0 : 1;
        }

        scores[0] = (double)idleL0 / options.L0CompactionTrigger;
        for (int level = targets.BaseLevel; level < TreeVersion.LevelCount - 1; level++)
        {
            long bytes = 0;
            foreach (FileMetadata file in version.Files(level))
            {
                bytes += busy.Contains(file.Number) ? 0 : file.Size;
            }

            scores[level] = (double)bytes / targets.MaxBytes(level);
        }

        return scores;
    }

    /// <summary>The most urgent compaction that does not collide with <paramref name="running"/>, or null.</summary>
    public static CompactionJob? PickAutomatic(TreeVersion version, LsmOptions options, IReadOnlyList<CompactionJob> running)
    {
        LevelTargets targets = LevelTargets.Compute(version, options);
        HashSet<ulong> busy = BusyTables(running);
        double[] scores = Scores(version, targets, options, busy);
        while (true)
        {
            int best = -1;
            for (int level = 0; level < scores.Length; level++)
            {
                if (scores[level] >= 1 && (best < 0 || scores[level] > scores[best]))
                {
                    best = level;
                }
            }

            if (best < 0)
            {
                return null;
            }

            CompactionJob? job = best == 0
                ? PickL0(version, options, targets.BaseLevel, KeyRange.All, CompactionReason.L0FileCount, scores[0], running, busy)
                : PickFromLevel(version, options, best, scores[best], running, busy);
            if (job is not null)
            {
                return job;
            }

            scores[best] = 0;
        }
    }

    /// <summary>
    /// The compaction of the tables of <paramref name="level"/> overlapping <paramref name="range"/> into the level
    /// below (L0 into the base level), or null when the level holds none. Manual compactions run alone.
    /// </summary>
    public static CompactionJob? PickManual(TreeVersion version, LsmOptions options, int level, KeyRange range)
    {
        if (level == 0)
        {
            int baseLevel = LevelTargets.Compute(version, options).BaseLevel;
            return PickL0(version, options, baseLevel, range, CompactionReason.Manual, 0, [], []);
        }

        List<FileMetadata> inputs = Overlapping(version.Files(level), range);
        return inputs.Count == 0 ? null : Build(version, options, level, level + 1, inputs, CompactionReason.Manual, 0, [], []);
    }

    /// <summary>
    /// The rewrite of <paramref name="inputs"/>, a run of adjacent tables of the last level that holds data, in place:
    /// a manual compaction's last step, which drops the tombstones and the entries they hide that no snapshot needs
    /// any more, since nothing lies below.
    /// </summary>
    public static CompactionJob InPlace(int level, List<FileMetadata> inputs)
    {
        KeyRange range = KeyRange.Of(inputs[0]);
        foreach (FileMetadata file in inputs)
        {
            range = range.Union(KeyRange.Of(file));
        }

        return new CompactionJob(level, level, inputs, [], [], range, CompactionReason.Manual, 0, long.MaxValue);
    }

    /// <summary>The tables of a sorted level (L1..L6) that overlap <paramref name="range"/>, found by binary search.</summary>
    public static List<FileMetadata> Overlapping(ReadOnlySpan<FileMetadata> files, KeyRange range) =>
        LevelOverlap.Overlapping(files, range);

    private static CompactionJob? PickL0(TreeVersion version, LsmOptions options, int baseLevel, KeyRange range, CompactionReason reason, double score, IReadOnlyList<CompactionJob> running, HashSet<ulong> busy)
    {
        foreach (CompactionJob job in running)
        {
            if (job.StartLevel == 0)
            {
                return null;
            }
        }

        // L0 tables overlap one another: take every table that overlaps the range, transitively, so that no older
        // table overlapping the output is left above newer data.
        ReadOnlySpan<FileMetadata> level0 = version.Files(0);
        List<FileMetadata> inputs = [];
        bool[] taken = new bool[level0.Length];
        KeyRange span = range;
        bool grew = true;
        while (grew)
        {
            grew = false;
            for (int i = 0; i < level0.Length; i++)
            {
                if (!taken[i] && span.Overlaps(level0[i]))
                {
                    taken[i] = true;
                    inputs.Add(level0[i]);
                    span = span.Union(KeyRange.Of(level0[i]));
                    grew = true;
                }
            }
        }

        return inputs.Count == 0 ? null : Build(version, options, 0, baseLevel, inputs, reason, score, running, busy);
    }

    /// <summary>
    /// The idle table of <paramref name="level"/> with the smallest overlap below relative to its size, whose
    /// overlapping tables below are idle too: one merged walk over both levels with prefix sums of the lower level's
    /// sizes and busy tables.
    /// </summary>
    private static CompactionJob? PickFromLevel(TreeVersion version, LsmOptions options, int level, double score, IReadOnlyList<CompactionJob> running, HashSet<ulong> busy)
    {
        ReadOnlySpan<FileMetadata> files = version.Files(level);
        ReadOnlySpan<FileMetadata> below = version.Files(level + 1);
        long[] bytesBefore = new long[below.Length + 1];
        int[] busyBefore = new int[below.Length + 1];
        for (int i = 0; i < below.Length; i++)
        {
            bytesBefore[i + 1] = bytesBefore[i] + below[i].Size;
            busyBefore[i + 1] = busyBefore[i] + (busy.Contains(below[i].Number) ? 1 : 0);
        }

        (int Start, int End)[] runs = LevelOverlap.Runs(files, below);
        FileMetadata? best = null;
        double bestRatio = double.MaxValue;
        for (int i = 0; i < files.Length; i++)
        {
            (int start, int end) = runs[i];
            if (busy.Contains(files[i].Number) || busyBefore[end] != busyBefore[start])
            {
                continue;
            }

            double ratio = (double)(bytesBefore[end] - bytesBefore[start]) / Math.Max(1, files[i].Size);
            if (ratio < bestRatio)
            {
                best = files[i];
                bestRatio = ratio;
            }
        }

        return best is null ? null : Build(version, options, level, level + 1, [best], CompactionReason.LevelSize, score, running, busy);
    }

    /// <summary>Adds the output-level inputs and grandparents; null when the job would collide with a running one.</summary>
    private static CompactionJob? Build(TreeVersion version, LsmOptions options, int startLevel, int outputLevel, List<FileMetadata> startInputs, CompactionReason reason, double score, IReadOnlyList<CompactionJob> running, HashSet<ulong> busy)
    {
        KeyRange range = KeyRange.Of(startInputs[0]);
        foreach (FileMetadata file in startInputs)
        {
            range = range.Union(KeyRange.Of(file));
        }

        List<FileMetadata> outputInputs = Overlapping(version.Files(outputLevel), range);
        foreach (FileMetadata file in outputInputs)
        {
            range = range.Union(KeyRange.Of(file));
        }

        foreach (CompactionJob job in running)
        {
            if (job.OutputLevel == outputLevel && job.Range.Overlaps(range))
            {
                return null;
            }
        }

        if (AnyBusy(startInputs, busy) || AnyBusy(outputInputs, busy))
        {
            return null;
        }

        IReadOnlyList<FileMetadata> grandparents = outputLevel + 1 < TreeVersion.LevelCount
            ? Overlapping(version.Files(outputLevel + 1), range)
            : [];
        long maxOverlap = options.TargetFileSizeBytes * Defaults.MaxGrandparentOverlapFactor;
        return new CompactionJob(startLevel, outputLevel, startInputs, outputInputs, grandparents, range, reason, score, maxOverlap);
    }

    private static bool AnyBusy(List<FileMetadata> files, HashSet<ulong> busy)
    {
        foreach (FileMetadata file in files)
        {
            if (busy.Contains(file.Number))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The numbers of every table the running jobs read.</summary>
    private static HashSet<ulong> BusyTables(IReadOnlyList<CompactionJob> running)
    {
        HashSet<ulong> busy = [];
        foreach (CompactionJob job in running)
        {
            foreach ((int _, FileMetadata input) in job.Inputs())
            {
                busy.Add(input.Number);
            }
        }

        return busy;
    }
}
