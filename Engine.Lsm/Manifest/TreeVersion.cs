using System;
using System.Collections.Generic;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Threading;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Manifest;

/// <summary>An immutable list of the tables in each level: what one read sees on disk.</summary>
/// <remarks>
/// <para>
/// L0 is ordered newest first (by largest sequence number); L1 to L6 are ordered by key and never overlap.
/// A version is reference counted: the version set holds one reference while it is current, and each read state
/// holds one. When the last is released the version releases its tables, and a table that no version lists any
/// more is handed to the obsolete-file callback, to be closed and deleted.
/// </para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
internal sealed class TreeVersion
{
    public const int LevelCount = 7;

    private readonly FileMetadata[][] _levels;
    private readonly Action<FileMetadata>? _onObsolete;
    private RefCount _references = new(1);

    private TreeVersion(FileMetadata[][] levels, Action<FileMetadata>? onObsolete)
    {
        _levels = levels;
        _onObsolete = onObsolete;
        foreach (FileMetadata[] level in levels)
        {
            foreach (FileMetadata file in level)
            {
                file.Acquire();
            }
        }
    }

    /// <summary>A version with no tables.</summary>
    public static TreeVersion Empty(Action<FileMetadata>? onObsolete)
    {
        FileMetadata[][] levels = new FileMetadata[LevelCount][];
        Array.Fill(levels, Array.Empty<FileMetadata>());
        return new TreeVersion(levels, onObsolete);
    }

    /// <summary>The tables of <paramref name="level"/>, in that level's order.</summary>
    public ReadOnlySpan<FileMetadata> Files(int level) => _levels[level];

    /// <summary>
    /// The version's own array of the tables of <paramref name="level"/>, for iterators that keep it while the version
    /// is pinned; a version's arrays are never changed after it is made, and callers must not change them.
    /// </summary>
    internal FileMetadata[] LevelFiles(int level) => _levels[level];

    /// <summary>Every table's number.</summary>
    public IEnumerable<FileMetadata> AllFiles()
    {
        foreach (FileMetadata[] level in _levels)
        {
            foreach (FileMetadata file in level)
            {
                yield return file;
            }
        }
    }

    /// <summary>Takes a reference; returns false when the version was already released for good.</summary>
    public bool TryAcquire() => _references.TryAcquire();

    /// <summary>Drops a reference; the last one releases the tables.</summary>
    public void Release()
    {
        if (!_references.Release())
        {
            return;
        }

        foreach (FileMetadata[] level in _levels)
        {
            foreach (FileMetadata file in level)
            {
                if (file.Release())
                {
                    _onObsolete?.Invoke(file);
                }
            }
        }
    }

    /// <summary>
    /// The index of the table in sorted level <paramref name="level"/> (1 or more) that may hold the entries of
    /// <paramref name="userKey"/> at or below the sequence number of <paramref name="trailer"/>, or -1.
    /// </summary>
    /// <remarks>
    /// The search compares internal keys, not user keys: a table whose upper bound is a range tombstone's sentinel
    /// <c>k#MAX,RANGEDEL</c> ends before the real entries of <c>k</c>, which live in the next table.
    /// </remarks>
    public int FindFile(int level, ReadOnlySpan<byte> userKey, ulong trailer)
    {
        FileMetadata[] files = _levels[level];
        int lo = 0;
        int hi = files.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.Compare(userKey, trailer, files[mid].Largest) > 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < files.Length && files[lo].SmallestUserKey.SequenceCompareTo(userKey) <= 0 ? lo : -1;
    }

    /// <summary>Builds the version that results from applying <paramref name="edit"/> to this one.</summary>
    /// <exception cref="CorruptionException">The edit removes a table that is not there or adds one twice.</exception>
    public TreeVersion Apply(VersionEdit edit, string manifestPath)
    {
        List<FileMetadata>[] levels = new List<FileMetadata>[LevelCount];
        for (int i = 0; i < LevelCount; i++)
        {
            levels[i] = new List<FileMetadata>(_levels[i]);
        }

        Dictionary<ulong, FileMetadata> removedFiles = [];
        foreach ((int level, ulong number) in edit.DeletedFiles)
        {
            int index = levels[level].FindIndex(f => f.Number == number);
            if (index < 0)
            {
                ThrowHelper.ThrowCorruption(manifestPath, 0, $"version edit deletes table {number} from L{level}, which does not hold it");
            }

            removedFiles[number] = levels[level][index];
            levels[level].RemoveAt(index);
        }

        foreach ((int level, FileMetadata added) in edit.NewFiles)
        {
            // A table deleted and added by one edit moves between levels: it keeps its identity (and its reference
            // count), so releasing the older version does not take it for obsolete.
            FileMetadata file = removedFiles.TryGetValue(added.Number, out FileMetadata? moved) ? moved : added;
            foreach (List<FileMetadata> existing in levels)
            {
                if (existing.Exists(f => f.Number == file.Number))
                {
                    ThrowHelper.ThrowCorruption(manifestPath, 0, $"version edit adds table {file.Number} twice");
                }
            }

            levels[level].Add(file);
        }

        FileMetadata[][] result = new FileMetadata[LevelCount][];
        levels[0].Sort(static (a, b) => b.LargestSequence != a.LargestSequence ? b.LargestSequence.CompareTo(a.LargestSequence) : b.Number.CompareTo(a.Number));
        result[0] = levels[0].ToArray();
        for (int level = 1; level < LevelCount; level++)
        {
            levels[level].Sort(static (a, b) => InternalKey.Compare(a.Smallest, b.Smallest));
            for (int i = 1; i < levels[level].Count; i++)
            {
                if (InternalKey.Compare(levels[level][i - 1].Largest, levels[level][i].Smallest) >= 0)
                {
                    ThrowHelper.ThrowCorruption(manifestPath, 0, $"tables {levels[level][i - 1].Number} and {levels[level][i].Number} overlap in L{level}");
                }
            }

            result[level] = levels[level].ToArray();
        }

        return new TreeVersion(result, _onObsolete);
    }
}
