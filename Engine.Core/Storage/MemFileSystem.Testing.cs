using System;
using System.Collections.Generic;
using Engine.Core.Errors;

namespace Engine.Core.Storage;

/// <summary>Shortcuts for tests to set up, inspect and damage files of a <see cref="MemFileSystem"/>.</summary>
internal sealed partial class MemFileSystem
{
    /// <summary>Bytes written and not yet synced, over the files that a path reaches.</summary>
    public long TotalUnsyncedBytes
    {
        get
        {
            lock (_lock)
            {
                long total = 0;
                HashSet<MemInode> seen = [];
                foreach (MemInode inode in _files.Values)
                {
                    if (seen.Add(inode))
                    {
                        total += inode.UnsyncedBytesLocked;
                    }
                }

                return total;
            }
        }
    }

    /// <summary>A copy of the current contents of a file.</summary>
    public byte[] ReadAllBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            return GetInodeLocked(path).SnapshotLocked();
        }
    }

    /// <summary>Creates (or replaces) a file holding <paramref name="data"/>, synced when <paramref name="sync"/> is set.</summary>
    public void WriteAllBytes(string path, ReadOnlySpan<byte> data, bool sync)
    {
        using IWritableFile file = Create(path);
        file.Append(data);
        if (sync)
        {
            file.Sync();
        }
    }

    /// <summary>
    /// Flips the bit at <paramref name="bitOffset"/> (byte <c>bitOffset / 8</c>, bit <c>bitOffset % 8</c>) in every
    /// image of the file, durable and unsynced, as a medium error would.
    /// </summary>
    public void FlipBit(string path, long bitOffset)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            MemInode inode = GetInodeLocked(path);
            if (bitOffset < 0 || bitOffset >= inode.LengthLocked * 8L)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(bitOffset), $"bit {bitOffset} is outside '{path}' ({inode.LengthLocked} bytes)");
            }

            inode.FlipBitLocked(bitOffset);
        }
    }
}
