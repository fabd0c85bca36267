using System;
using System.Diagnostics;
using System.Threading;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtable;
using Engine.Lsm.Sst;
using Engine.Lsm.Wal;

using Version = Engine.Lsm.Manifest.Version;

namespace Engine.Lsm.Db;

/// <summary>Memtable rotation, back-pressure, and the background task that flushes and compacts.</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Makes sure the memtable has <paramref name="needed"/> bytes free, freezing it when full, and waiting while
    /// too many memtables await flush or L0 holds too many tables. Called by the commit leader.
    /// </summary>
    private void MakeRoomForWriteLocked(long needed, bool forceRotate)
    {
        long stallStart = 0;
        try
        {
            while (true)
            {
                ThrowIfUnusableLocked();
                bool fits = _mem.ApproximateMemoryUsage + needed <= _mem.Capacity;
                if (fits && !(forceRotate && !_mem.IsEmpty))
                {
                    return;
                }

                if (_immutables.Count >= _options.MaxImmutableMemtables
                    || _versions.Current.Files(0).Length >= _options.L0StopWritesTrigger)
                {
                    if (stallStart == 0)
                    {
                        stallStart = Stopwatch.GetTimestamp();
                        Interlocked.Increment(ref _stallCount);
                    }

                    _compactionRequested = true;
                    _backgroundSignal.Release();
                    Monitor.Wait(_mutex);
                    continue;
                }

                RotateMemtableLocked(needed);
                forceRotate = false;
            }
        }
        finally
        {
            if (stallStart != 0)
            {
                Interlocked.Add(ref _stallTicks, Stopwatch.GetElapsedTime(stallStart).Ticks);
            }
        }
    }

    /// <summary>Freezes the memtable and starts a new one with its own WAL. The old WAL is synced first (no holes).</summary>
    private void RotateMemtableLocked(long needed)
    {
        ulong logNumber = _versions.NewFileNumber();
        IWritableFile file = _fs.Create(FileNames.Log(_directory, logNumber));
        try
        {
            _log.Close();
        }
        catch (Exception ex)
        {
            file.Dispose();
            _failure ??= ex;
            throw;
        }

        _log = new LogWriter(file);
        if (!_mem.IsEmpty)
        {
            _immutables.Add((_mem, _memLogNumber));
        }

        _mem = NewMemtable(needed);
        _memLogNumber = logNumber;
        PublishReadStateLocked();
        _backgroundSignal.Release();
    }

    private void PublishReadStateLocked()
    {
        Version version;
        do
        {
            version = _versions.Current;
        }
        while (!version.TryAcquire());

        Memtable.Memtable[] immutables = new Memtable.Memtable[_immutables.Count];
        for (int i = 0; i < immutables.Length; i++)
        {
            immutables[i] = _immutables[_immutables.Count - 1 - i].Memtable;
        }

        ReadState old = _readState;
#pragma warning disable CA2000 // Ownership passes to _readState; the next publication or Dispose releases it.
        Volatile.Write(ref _readState, new ReadState(_mem, immutables, version));
#pragma warning restore CA2000
        old?.Dispose();
    }

    /// <summary>Flushes frozen memtables and merges L0 into L1 when it is due, until the store closes.</summary>
    private void BackgroundLoop()
    {
        while (true)
        {
            Memtable.Memtable? memtable = null;
            bool compact = false;
            lock (_mutex)
            {
                while (!_closing && _failure is null && _immutables.Count == 0 && !CompactionDueLocked())
                {
                    Monitor.Exit(_mutex);
                    try
                    {
                        _backgroundSignal.Wait();
                    }
                    finally
                    {
                        Monitor.Enter(_mutex);
                    }
                }

                if (_closing || _failure is not null)
                {
                    return;
                }

                if (_immutables.Count > 0)
                {
                    memtable = _immutables[0].Memtable;
                }
                else
                {
                    compact = true;
                    _compactionRequested = false;
                }
            }

            try
            {
                if (memtable is not null)
                {
                    FlushOldestImmutable(memtable);
                }
                else if (compact)
                {
                    CompactL0();
                }
            }
            catch (Exception ex)
            {
                lock (_mutex)
                {
                    _failure ??= ex;
                    Monitor.PulseAll(_mutex);
                }

                return;
            }
        }
    }

    private bool CompactionDueLocked() =>
        _versions.Current.Files(0).Length >= _options.L0CompactionTrigger || (_compactionRequested && _versions.Current.Files(0).Length > 0);

    /// <summary>Writes the oldest frozen memtable to an L0 table and records it; then its WAL can go.</summary>
    private void FlushOldestImmutable(Memtable.Memtable memtable)
    {
        VersionEdit edit = new();
        if (!memtable.IsEmpty)
        {
            FileMetadata table = WriteMemtableTable(memtable);
            edit.NewFiles.Add((0, table));
        }

        ulong nextLogNumber;
        lock (_mutex)
        {
            nextLogNumber = _immutables.Count > 1 ? _immutables[1].LogNumber : _memLogNumber;
        }

        edit.LogNumber = nextLogNumber;
        edit.LastSequence = memtable.LargestSequence;
        _versions.LogAndApply(edit);
        Interlocked.Increment(ref _flushCount);

        // The manifest now records the flush durably: the WALs below the new log number hold nothing needed.
        DeleteObsoleteLogs(nextLogNumber);
        lock (_mutex)
        {
            _immutables.RemoveAt(0);
            PublishReadStateLocked();
            Monitor.PulseAll(_mutex);
        }
    }

    private FileMetadata WriteMemtableTable(Memtable.Memtable memtable)
    {
        ulong number = _versions.NewFileNumber();
        using SkipListIterator points = memtable.NewPointIterator();
        using SkipListIterator ranges = memtable.NewRangeTombstoneIterator();
        return WriteTable(number, points, ranges);
    }

    /// <summary>Writes a table from a sorted point iterator and a range-tombstone iterator, and syncs it.</summary>
    private FileMetadata WriteTable(ulong number, IInternalIterator points, IInternalIterator? rangeTombstones)
    {
        string path = FileNames.Table(_directory, number);
        using IWritableFile file = _fs.Create(path);
        using SstWriter writer = new(file, SstWriterOptions.From(_options));
        for (points.First(); points.Valid; points.Next())
        {
            writer.Add(points.Key, points.Value);
        }

        if (rangeTombstones is not null)
        {
            for (rangeTombstones.First(); rangeTombstones.Valid; rangeTombstones.Next())
            {
                ReadOnlySpan<byte> key = rangeTombstones.Key;
                writer.AddRangeTombstone(InternalKey.UserKey(key), rangeTombstones.Value, SequenceNumber.SequenceOf(InternalKey.Trailer(key)));
            }
        }

        SstWriteResult result = writer.Finish();
        file.Sync();
        return new FileMetadata(number, result.FileSize, result.Smallest, result.Largest, result.SmallestSequence, result.LargestSequence);
    }

    private void DeleteObsoleteLogs(ulong logNumber)
    {
        foreach (string name in _fs.List(_directory))
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Log && number < logNumber)
            {
                TryDelete(System.IO.Path.Combine(_directory, name));
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            _fs.Delete(path);
        }
        catch (StorageException)
        {
            // Garbage that cannot be deleted now is deleted by the next open.
        }
    }
}
