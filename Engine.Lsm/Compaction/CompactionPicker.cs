using System;
using System.Collections.Generic;
using Engine.Api.Events;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;

using Version = Engine.Lsm.Manifest.Version;

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
/// <para>Stateless; called under the store's mutex, with the running jobs it must avoid. Thread-safe.</para>
/// </remarks>
internal static class CompactionPicker
{
    /// <summary>The score of every level for <paramref name="version"/>; levels that are never compacted score 0.</summary>
    public static double[] Scores(Version version, LevelTargets targets, LsmOptions options, IReadOnlyList<CompactionJob> running)
    {
        double[] scores = new double[Version.LevelCount];
        int idleL0 = 0;
        foreach (FileMetadata file in version.Files(0))
        {
            idleL0 += IsBusy(file, running) ? 0 : 1;
        }

        scores[0] = (double)idleL0 / options.L0CompactionTrigger;
        for (int level = targets.BaseLevel; level < Version.LevelCount - 1; level++)
        {
            long bytes = 0;
            foreach (FileMetadata file in version.Files(level))
            {
                bytes += IsBusy(file, running) ? 0 : file.Size;
            }

            scores[level] = (double)bytes / targets.MaxBytes(level);
        }

        return scores;
    }

    /// <summary>The most urgent compaction that does not collide with <paramref name="running"/>, or null.</summary>
    public static CompactionJob? PickAutomatic(Version version, LsmOptions options, IReadOnlyList<CompactionJob> running)
    {
        LevelTargets targets = LevelTargets.Compute(version, options);
        double[] scores = Scores(version, targets, options, running);
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
                ? PickL0(version, options, targets.BaseLevel, KeyRange.All, CompactionReason.L0FileCount, scores[0], running)
                : PickFromLevel(version, options, best, scores[best], running);
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
    public static CompactionJob? PickManual(Version version, LsmOptions options, int level, KeyRange range)
    {
        if (level == 0)
        {
            int baseLevel = LevelTargets.Compute(version, options).BaseLevel;
            return PickL0(version, options, baseLevel, range, CompactionReason.Manual, 0, []);
        }

        List<FileMetadata> inputs = Overlapping(version.Files(level), range);
        return inputs.Count == 0 ? null : Build(version, options, level, level + 1, inputs, CompactionReason.Manual, 0, []);
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

    /// <summary>The tables of a sorted level, or of L0, that overlap <paramref name="range"/>.</summary>
    public static List<FileMetadata> Overlapping(ReadOnlySpan<FileMetadata> files, KeyRange range)
    {
        List<FileMetadata> result = [];
        foreach (FileMetadata file in files)
        {
            if (range.Overlaps(file))
            {
                result.Add(file);
            }
        }

        return result;
    }

    private static CompactionJob? PickL0(Version version, LsmOptions options, int baseLevel, KeyRange range, CompactionReason reason, double score, IReadOnlyList<CompactionJob> running)
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

        return inputs.Count == 0 ? null : Build(version, options, 0, baseLevel, inputs, reason, score, running);
    }

    private static CompactionJob? PickFromLevel(Version version, LsmOptions options, int level, double score, IReadOnlyList<CompactionJob> running)
    {
        FileMetadata? best = null;
        double bestRatio = double.MaxValue;
        foreach (FileMetadata file in version.Files(level))
        {
            if (IsBusy(file, running))
            {
                continue;
            }

            long overlap = 0;
            bool busy = false;
            foreach (FileMetadata below in Overlapping(version.Files(level + 1), KeyRange.Of(file)))
            {
                overlap += below.Size;
                busy |= IsBusy(below, running);
            }

            double ratio = (double)overlap / Math.Max(1, file.Size);
            if (!busy && ratio < bestRatio)
            {
                best = file;
                bestRatio = ratio;
            }
        }

        return best is null ? null : Build(version, options, level, level + 1, [best], CompactionReason.LevelSize, score, running);
    }

    /// <summary>Adds the output-level inputs and grandparents; null when the job would collide with a running one.</summary>
    private static CompactionJob? Build(Version version, LsmOptions options, int startLevel, int outputLevel, List<FileMetadata> startInputs, CompactionReason reason, double score, IReadOnlyList<CompactionJob> running)
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

            foreach (FileMetadata file in startInputs)
            {
                if (job.Uses(file))
                {
                    return null;
                }
            }

            foreach (FileMetadata file in outputInputs)
            {
                if (job.Uses(file))
                {
                    return null;
                }
            }
        }

        IReadOnlyList<FileMetadata> grandparents = outputLevel + 1 < Version.LevelCount
            ? Overlapping(version.Files(outputLevel + 1), range)
            : [];
        long maxOverlap = options.TargetFileSizeBytes * Defaults.MaxGrandparentOverlapFactor;
        return new CompactionJob(startLevel, outputLevel, startInputs, outputInputs, grandparents, range, reason, score, maxOverlap);
    }

    private static bool IsBusy(FileMetadata file, IReadOnlyList<CompactionJob> running)
    {
        foreach (CompactionJob job in running)
        {
            if (job.Uses(file))
            {
                return true;
            }
        }

        return false;
    }
}
