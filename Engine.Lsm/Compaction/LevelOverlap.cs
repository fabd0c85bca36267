using System;
using System.Collections.Generic;
using Engine.Lsm.Manifest;

namespace Engine.Lsm.Compaction;

/// <summary>
/// Overlap between key ranges and the tables of a sorted level (L1..L6), found by binary search and by one merged
/// walk, so that picking costs O(n log n) in the tables of two levels rather than O(n·m).
/// </summary>
/// <remarks>
/// A sorted level's tables are ordered by key and do not overlap one another, so both their smallest and their
/// largest keys increase along the level: the tables overlapping a range are one contiguous run, which starts at the
/// first table that does not end before the range. Stateless; thread-safe.
/// </remarks>
internal static class LevelOverlap
{
    /// <summary>The index of the first table of a sorted level that does not end before <paramref name="range"/>.</summary>
    public static int FirstNotBefore(ReadOnlySpan<FileMetadata> files, KeyRange range)
    {
        int lo = 0;
        int hi = files.Length;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (range.StartsAfter(files[mid]))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The run <c>[Start, End)</c> of a sorted level's tables that overlap <paramref name="range"/>.</summary>
    public static (int Start, int End) Run(ReadOnlySpan<FileMetadata> files, KeyRange range)
    {
        int start = FirstNotBefore(files, range);
        int end = start;
        while (end < files.Length && !range.EndsBefore(files[end]))
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>
    /// For each table of the sorted level <paramref name="upper"/>, the run of tables of the sorted level
    /// <paramref name="lower"/> it overlaps, found in one forward walk: both ends of the run only move forward as
    /// the upper table moves forward. <c>runs[i]</c> is the run <c>[Start, End)</c> of <c>upper[i]</c>.
    /// </summary>
    public static (int Start, int End)[] Runs(ReadOnlySpan<FileMetadata> upper, ReadOnlySpan<FileMetadata> lower)
    {
        (int Start, int End)[] runs = new (int, int)[upper.Length];
        int start = 0;
        int end = 0;
        for (int i = 0; i < upper.Length; i++)
        {
            KeyRange range = KeyRange.Of(upper[i]);
            while (start < lower.Length && range.StartsAfter(lower[start]))
            {
                start++;
            }

            end = Math.Max(end, start);
            while (end < lower.Length && !range.EndsBefore(lower[end]))
            {
                end++;
            }

            runs[i] = (start, end);
        }

        return runs;
    }

    /// <summary>The tables of a sorted level that overlap <paramref name="range"/>, in key order.</summary>
    public static List<FileMetadata> Overlapping(ReadOnlySpan<FileMetadata> files, KeyRange range)
    {
        (int start, int end) = Run(files, range);
        List<FileMetadata> result = new(end - start);
        foreach (FileMetadata file in files[start..end])
        {
            result.Add(file);
        }

        return result;
    }
}
