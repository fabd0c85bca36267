using System;

namespace Engine.Core.Storage;

/// <summary>The data operations behind the file handles of a <see cref="MemFileSystem"/>.</summary>
internal sealed partial class MemFileSystem
{
    internal void Write(MemInode inode, long offset, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            inode.WriteLocked(offset, data);
        }
    }

    internal void Truncate(MemInode inode, long length)
    {
        lock (_lock)
        {
            inode.TruncateLocked(length);
        }
    }

    internal int Read(MemInode inode, long offset, Span<byte> destination)
    {
        lock (_lock)
        {
            return inode.ReadLocked(offset, destination);
        }
    }

    /// <summary>
    /// Makes durable every byte of <paramref name="inode"/> and the directory operations that created it and gave it
    /// its names; the durability contract of <see cref="IFileSystem"/> promises exactly this and no more.
    /// </summary>
    internal void Sync(MemInode inode)
    {
        lock (_lock)
        {
            inode.SyncLocked();
            foreach (MemDirectoryOperation operation in inode.PendingDirectoryOperationsLocked)
            {
                operation.DurableLocked = true;
            }

            inode.PendingDirectoryOperationsLocked.Clear();
            FoldDurablePrefixLocked();
        }
    }

    /// <summary>
    /// Makes every pending directory operation durable, deletes included, as a file system's periodic journal commit
    /// eventually does. Long tests call it to let deleted files go; crash tests leave it alone.
    /// </summary>
    internal void CommitDirectoryOperations()
    {
        lock (_lock)
        {
            foreach (MemDirectoryOperation operation in _log)
            {
                operation.DurableLocked = true;
                operation.Inode.PendingDirectoryOperationsLocked.Remove(operation);
            }

            FoldDurablePrefixLocked();
        }
    }

    // Applies the durable operations at the head of the log to the base, so that the log starts with a pending one.
    private void FoldDurablePrefixLocked()
    {
        int count = 0;
        while (count < _log.Count && _log[count].DurableLocked)
        {
            _log[count].ApplyTo(_durableBase);
            count++;
        }

        _log.RemoveRange(0, count);
    }
}
