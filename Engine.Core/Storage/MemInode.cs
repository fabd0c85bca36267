using System;
using System.Collections.Generic;

namespace Engine.Core.Storage;

/// <summary>
/// One in-memory file, apart from its names: the bytes it holds now, the bytes that are durable (what a crash
/// keeps for sure), and the unsynced writes in between, in the order they were issued.
/// </summary>
/// <remarks>
/// Not thread-safe: every member ending in <c>Locked</c> runs under the owning <see cref="MemFileSystem"/>'s lock.
/// An inode outlives its names: a handle opened before a delete or a rename over it keeps reading it.
/// </remarks>
internal sealed class MemInode
{
    private readonly MemBuffer _current;
    private readonly MemBuffer _durable;
    private readonly List<MemWrite> _unsynced = [];

    public MemInode(long id)
        : this(id, new MemBuffer())
    {
    }

    private MemInode(long id, MemBuffer durableContent)
    {
        Id = id;
        _durable = durableContent;
        _current = durableContent.Clone();
    }

    /// <summary>Identifies the inode inside its file system; also orders inodes where determinism needs an order.</summary>
    public long Id { get; }

    public int LengthLocked => _current.Length;

    /// <summary>Bytes written since the last sync (truncations count nothing).</summary>
    public long UnsyncedBytesLocked { get; private set; }

    /// <summary>
    /// The pending directory operations that this inode's next sync makes durable: its create and the renames that
    /// moved it. Deletes are not here, because no sync makes a delete durable.
    /// </summary>
    public List<MemDirectoryOperation> PendingDirectoryOperationsLocked { get; } = [];

    /// <summary>An inode whose every byte is durable, as a crash leaves it.</summary>
    public static MemInode CreateDurable(long id, MemBuffer content) => new(id, content);

    public void WriteLocked(long offset, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _current.Write(offset, data);
        _unsynced.Add(new MemWrite(offset, data.ToArray()));
        UnsyncedBytesLocked += data.Length;
    }

    public void TruncateLocked(long length)
    {
        _current.SetLength(length);
        _unsynced.Add(new MemWrite(length, null));
    }

    public int ReadLocked(long offset, Span<byte> destination)
    {
        if (offset >= _current.Length)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, _current.Length - offset);
        _current.Span.Slice((int)offset, count).CopyTo(destination);
        return count;
    }

    public byte[] SnapshotLocked() => _current.Span.ToArray();

    /// <summary>Makes every byte written so far durable, truncations included.</summary>
    public void SyncLocked()
    {
        foreach (MemWrite write in _unsynced)
        {
            write.ApplyTo(_durable, write.Data?.Length ?? 0);
        }

        _unsynced.Clear();
        UnsyncedBytesLocked = 0;
    }

    /// <summary>
    /// Flips one bit in every image of that byte (current, durable and unsynced copies), as a medium error would,
    /// so that the corruption shows whatever a crash keeps.
    /// </summary>
    public void FlipBitLocked(long bitOffset)
    {
        long byteOffset = bitOffset >> 3;
        _current.FlipBit(bitOffset);
        if (byteOffset < _durable.Length)
        {
            _durable.FlipBit(bitOffset);
        }

        foreach (MemWrite write in _unsynced)
        {
            if (write.Data is { } data && byteOffset >= write.Offset && byteOffset < write.Offset + data.Length)
            {
                data[byteOffset - write.Offset] ^= (byte)(1 << (int)(bitOffset & 7));
            }
        }
    }

    /// <summary>
    /// The contents a crash leaves: the durable image plus the unsynced writes that <paramref name="options"/>
    /// keep, applied in issue order. Draws from <paramref name="random"/> only in random or tearing modes.
    /// </summary>
    public MemBuffer CrashContentLocked(CrashOptions options, Random random)
    {
        MemBuffer image = _durable.Clone();
        int count = _unsynced.Count;
        bool[] kept = new bool[count];
        switch (options.Keep)
        {
            case CrashKeep.All:
                kept.AsSpan().Fill(true);
                break;
            case CrashKeep.Random when options.PreserveWriteOrder:
                // Appends reach the disk in order in practice: keep a prefix, of uniformly random length.
                kept.AsSpan(0, random.Next(count + 1)).Fill(true);
                break;
            case CrashKeep.Random:
                for (int i = 0; i < count; i++)
                {
                    kept[i] = random.NextDouble() < options.KeepProbability;
                }

                break;
            default:
                break;
        }

        int last = Array.LastIndexOf(kept, true);
        for (int i = 0; i <= last; i++)
        {
            if (!kept[i])
            {
                continue;
            }

            MemWrite write = _unsynced[i];
            int bytes = write.Data?.Length ?? 0;
            if (i == last && options.TearLastWrite && !write.IsTruncate)
            {
                bytes = random.Next(bytes);
            }

            write.ApplyTo(image, bytes);
        }

        return image;
    }
}
