using System;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;


namespace Engine.Lsm.Compaction;

/// <summary>
/// The size target of each level and the base level (the one L0 compacts into), sized from the data the tree
/// holds rather than fixed: dynamic level sizing as RocksDB and Pebble do it.
/// </summary>
/// <remarks>
/// <para>
/// The last level is expected to hold about <c>(m - 1) / m</c> of the data for a multiplier <c>m</c>. Walking up from
/// it, each level's target is <c>m</c> times smaller; the base level is the first whose target would not exceed
/// <see cref="LsmOptions.LevelBaseMaxBytes"/>, and never deeper than the first level that already holds data (L0
/// data must stay newer than everything below it). Levels above the base stay empty. Between the base level and the
/// last, targets grow geometrically from the base size to the last level's, so a small store is one L0 and one level
/// (write amplification near 2) and a large one the classic 10× staircase. A store with nothing below L0 compacts
/// straight into L6.
/// </para>
/// <para>Immutable once computed; thread-safe.</para>
/// </remarks>
internal sealed class LevelTargets
{
    private readonly long[] _maxBytes;
    private readonly long[] _levelBytes;

    private LevelTargets(int baseLevel, long[] maxBytes, long[] levelBytes)
    {
        BaseLevel = baseLevel;
        _maxBytes = maxBytes;
        _levelBytes = levelBytes;
    }

    /// <summary>The level L0 is compacted into.</summary>
    public int BaseLevel { get; }

    /// <summary>The size target of <paramref name="level"/>; <see cref="long.MaxValue"/> where no target applies.</summary>
    public long MaxBytes(int level) => _maxBytes[level];

    /// <summary>The bytes <paramref name="level"/> holds.</summary>
    public long LevelBytes(int level) => _levelBytes[level];

    /// <summary>Computes the targets for <paramref name="version"/>.</summary>
    public static LevelTargets Compute(TreeVersion version, LsmOptions options)
    {
        int last = TreeVersion.LevelCount - 1;
        long[] levelBytes = new long[TreeVersion.LevelCount];
        long[] maxBytes = new long[TreeVersion.LevelCount];
        Array.Fill(maxBytes, long.MaxValue);
        int firstNonEmpty = -1;
        long total = 0;
        for (int level = 0; level < TreeVersion.LevelCount; level++)
        {
            foreach (FileMetadata file in version.Files(level))
            {
                levelBytes[level] += file.Size;
            }

            total += levelBytes[level];
            if (level > 0 && firstNonEmpty < 0 && levelBytes[level] > 0)
            {
                firstNonEmpty = level;
            }
        }

        if (firstNonEmpty < 0)
        {
            return new LevelTargets(last, maxBytes, levelBytes);
        }

        double multiplier = options.LevelSizeMultiplier;
        double bottom = total - (total / multiplier);
        double size = bottom;
        for (int level = last; level > firstNonEmpty; level--)
        {
            size /= multiplier;
        }

        int baseLevel = firstNonEmpty;
        double baseMax = options.LevelBaseMaxBytes;
        while (baseLevel > 1 && size > baseMax)
        {
            baseLevel--;
            size /= multiplier;
        }

        double smoothed = baseLevel < last ? Math.Pow(bottom / baseMax, 1.0 / (last - baseLevel)) : 1.0;
        double target = baseMax;
        for (int level = baseLevel; level <= last; level++)
        {
            if (level > baseLevel)
            {
                target *= smoothed;
            }

            maxBytes[level] = target >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)Math.Round(target));
        }

        return new LevelTargets(baseLevel, maxBytes, levelBytes);
    }

    /// <summary>
    /// An estimate of the bytes compaction must still write to bring every level within its target: each level's
    /// excess, plus the share of the level below that merging it rewrites. L0 counts in full once it is due.
    /// </summary>
    public long CompactionDebt(TreeVersion version, LsmOptions options)
    {
        long debt = 0;
        long carried = 0;
        if (version.Files(0).Length >= options.L0CompactionTrigger)
        {
            carried = _levelBytes[0];
            debt += carried + _levelBytes[BaseLevel];
        }

        for (int level = BaseLevel; level < TreeVersion.LevelCount - 1; level++)
        {
            long excess = _levelBytes[level] + carried - _maxBytes[level];
            if (excess <= 0)
            {
                carried = 0;
                continue;
            }

            long below = _levelBytes[level + 1];
            double ratio = _levelBytes[level] > 0 ? (double)below / _levelBytes[level] : 0;
            debt += excess + (long)(excess * ratio);
            carried = excess;
        }

        return debt;
    }
}
