using System;
using Engine.Lsm.Manifest;


namespace Engine.Lsm.Compaction;

/// <summary>
/// Answers, for a compaction writing into one level, whether any level below it may hold a user key or a key range:
/// a tombstone is dropped only where nothing older can exist underneath for it to hide.
/// </summary>
/// <remarks>
/// <see cref="MayContain"/> is asked in ascending key order (as the merge produces keys) and walks one cursor per
/// level, so a whole compaction costs one pass over the deeper tables' bounds. One thread.
/// </remarks>
internal sealed class DeeperLevels
{
    private readonly FileMetadata[][] _levels;
    private readonly int[] _cursors;

    public DeeperLevels(TreeVersion version, int outputLevel)
    {
        int count = Math.Max(0, TreeVersion.LevelCount - 1 - outputLevel);
        _levels = new FileMetadata[count][];
        _cursors = new int[count];
        for (int i = 0; i < count; i++)
        {
            _levels[i] = version.Files(outputLevel + 1 + i).ToArray();
        }
    }

    /// <summary>
    /// True when a table below the output level may hold <paramref name="userKey"/>. Keys must be asked in
    /// ascending order.
    /// </summary>
    public bool MayContain(ReadOnlySpan<byte> userKey)
    {
        for (int i = 0; i < _levels.Length; i++)
        {
            FileMetadata[] files = _levels[i];
            ref int cursor = ref _cursors[i];
            while (cursor < files.Length && !Reaches(files[cursor], userKey))
            {
                cursor++;
            }

            if (cursor < files.Length && files[cursor].SmallestUserKey.SequenceCompareTo(userKey) <= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a table below the output level may hold a key in <c>[start, end)</c>. Any order.</summary>
    public bool MayOverlap(byte[] start, byte[] end)
    {
        KeyRange range = new(start, end, endExclusive: true);
        foreach (FileMetadata[] files in _levels)
        {
            foreach (FileMetadata file in files)
            {
                if (range.Overlaps(file))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="file"/> ends at or after <paramref name="userKey"/>.</summary>
    private static bool Reaches(FileMetadata file, ReadOnlySpan<byte> userKey)
    {
        int c = file.LargestUserKey.SequenceCompareTo(userKey);
        return c > 0 || (c == 0 && !file.LargestIsExclusive);
    }
}
