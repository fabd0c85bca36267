using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using Engine.Api;
using Engine.Api.Events;
using Engine.Core.Storage;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;
using Engine.Lsm.Sst;
using Engine.Lsm.Wal;


namespace Engine.Lsm.Db;

/// <summary>Memtable rotation, back-pressure, and flushing memtables to L0 tables.</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Makes sure the memtable has <paramref name="needed"/> bytes free, freezing it when full. Delays the commit by
    /// a millisecond once when L0 reaches the slowdown trigger, and waits while too many memtables await flush or L0
    /// reaches the stop trigger. Called by the commit leader, holding the mutex; it is released while waiting, and
    /// the background tasks never need it to make progress, so a stalled writer cannot block what unstalls it.
    /// </summary>
    private void MakeRoomForWriteLocked(long needed, bool forceRotate)
    {
        long stallStart = 0;
        StallReason stallReason = StallReason.MemtableLimit;
        bool allowDelay = true;
        try
        {
            while (true)
            {
                ThrowIfUnusableLocked();
                int level0 = _versions.Current.Files(0).Length;
                if (allowDelay && level0 >= _options.EffectiveL0SlowdownTrigger && level0 < _options.L0StopWritesTrigger)
                {
                    allowDelay = false;
                    DelayWriteLocked();
                    continue;
                }

                bool fits = _mem.ApproximateMemoryUsage + needed <= _mem.Capacity;
                if (fits && !(forceRotate && !_mem.IsEmpty))
                {
                    return;
                }

                if (_immutables.Count >= _options.MaxImmutableMemtables || level0 >= _options.L0StopWritesTrigger)
                {
                    if (_flushSpaceFailure is { } noSpace && _immutables.Count >= _options.MaxImmutableMemtables)
                    {
                        // Waiting would wait for space: the write fails now, unacknowledged, and succeeds once a
                        // retried flush makes room.
                        throw new StorageFullException("The memtables are full and their flush finds no space: " + noSpace.Message, noSpace);
                    }

                    SignalFlush();
                    SignalCompaction();

                    // The end event names what held the writer last; one stall may have both causes in turn.
                    stallReason = level0 >= _options.L0StopWritesTrigger ? StallReason.L0StopTrigger : StallReason.MemtableLimit;
                    if (stallStart == 0)
                    {
                        stallStart = Stopwatch.GetTimestamp();
                        _stats.RecordStall();
                        if (_events.Enabled)
                        {
                            // Outside the mutex, so the handler may read the store; the loop looks again after.
                            RaiseStallEventOutsideMutex(begin: true, stallReason, TimeSpan.Zero);
                            continue;
                        }
                    }

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
                TimeSpan stalled = Stopwatch.GetElapsedTime(stallStart);
                _stats.RecordStallTime(stalled);
                if (_events.Enabled)
                {
                    RaiseStallEventOutsideMutex(begin: false, stallReason, stalled);
                }
            }
        }
    }

    /// <summary>
    /// Calls the listener's stall handler with the mutex released, so it may read the store; called holding it.
    /// No lambda: a captured local would cost every commit an allocation.
    /// </summary>
    private void RaiseStallEventOutsideMutex(bool begin, StallReason reason, TimeSpan duration)
    {
        StallInfo info = new() { Reason = reason, Duration = duration };
        Monitor.Exit(_mutex);
        try
        {
            if (begin)
            {
                _events.StallBegin(info);
            }
            else
            {
                _events.StallEnd(info);
            }
        }
        finally
        {
            Monitor.Enter(_mutex);
        }
    }

    /// <summary>Sleeps a millisecond with the mutex released: LevelDB's slowdown, spread over every commit.</summary>
    private void DelayWriteLocked()
    {
        long start = Stopwatch.GetTimestamp();
        _stats.RecordSlowdown();
        SignalCompaction();
        Monitor.Exit(_mutex);
        try
        {
            Thread.Sleep(1);
        }
        finally
        {
            Monitor.Enter(_mutex);
            _stats.RecordSlowdownTime(Stopwatch.GetElapsedTime(start));
        }
    }

    /// <summary>
    /// Freezes the memtable and starts a new one with its own WAL. The old WAL is synced and closed before the new one
    /// exists: a crash that kept the new file must find the old one whole, since recovery takes a torn tail in any
    /// WAL but the newest for corruption (no holes).
    /// </summary>
    /// <remarks>
    /// Called by the commit leader holding the mutex. The sync, the close and the create run with the mutex
    /// released, as Pebble rotates: only the leader writes the WAL and the memtable, so nothing else touches them
    /// meanwhile, and writers queueing, readers, the background threads and metrics are never held up by the
    /// fsync. Writers behind the leader wait for it in the queue, as they would for its WAL write.
    /// </remarks>
    private void RotateMemtableLocked(long needed)
    {
        ulong logNumber = _versions.NewFileNumber();
        LogWriter oldLog = _log;
        IWritableFile? file = null;
        Exception? failure = null;
        StorageFullException? noSpace = null;
        Monitor.Exit(_mutex);
        try
        {
            // Buffered records reach the file first; if they find no space, the old WAL is cut back and kept, and the
            // writer is told the disk is full, with nothing changed.
            try
            {
                oldLog.Sync();
            }
            catch (StorageFullException ex) when (oldLog.TryRollback(oldLog.Length))
            {
                noSpace = ex;
            }

            if (noSpace is null)
            {
                oldLog.Close();
                file = _fs.Create(FileNames.Log(_directory, logNumber));
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            Monitor.Enter(_mutex);
        }

        if (noSpace is not null)
        {
            ExceptionDispatchInfo.Throw(noSpace);
        }

        if (failure is not null)
        {
            // Without a WAL no write can be acknowledged any more.
            _failure ??= failure;
            ExceptionDispatchInfo.Throw(failure);
        }

        InstallNewMemtableLocked(new LogWriter(file!), logNumber, needed);
    }

    /// <summary>Makes <paramref name="log"/> and a new memtable current, freezing the old memtable if it holds anything.</summary>
    private void InstallNewMemtableLocked(LogWriter log, ulong logNumber, long needed)
    {
        _log = log;
        Memtable old = _mem;
        bool frozen = !old.IsEmpty;
        if (frozen)
        {
            _immutables.Add((old, _memLogNumber));
        }

        _mem = NewMemtable(needed);
        _memLogNumber = logNumber;
        PublishReadStateLocked();
        if (!frozen)
        {
            // Nothing to flush: the store lets go of it; readers of older states keep it until they finish.
            old.Release();
        }

        SignalFlush();
    }

    private void PublishReadStateLocked()
    {
        TreeVersion version;
        do
        {
            version = _versions.Current;
        }
        while (!version.TryAcquire());

        Memtable[] immutables = new Memtable[_immutables.Count];
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

    /// <summary>Writes the oldest frozen memtable to an L0 table and records it; then its WAL can go.</summary>
    private void FlushOldestImmutable(Memtable memtable)
    {
        long started = Stopwatch.GetTimestamp();
        _events.FlushBegin(new FlushInfo { MemtableBytes = memtable.ApproximateMemoryUsage });
        VersionEdit edit = new();
        FileMetadata? table = null;
        if (!memtable.IsEmpty)
        {
            table = WriteMemtableTable(memtable);
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
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        _stats.RecordFlush(table?.Size ?? 0, elapsed);

        // The manifest now records the flush durably: the WALs below the new log number hold nothing needed.
        DeleteObsoleteLogs(nextLogNumber);
        lock (_mutex)
        {
            _immutables.RemoveAt(0);
            _flushSpaceFailure = null;
            PublishReadStateLocked();
            Monitor.PulseAll(_mutex);
        }

        // The table holds it now; readers of older states keep the memtable until they finish.
        memtable.Release();

        _events.FlushEnd(new FlushInfo
        {
            MemtableBytes = memtable.ApproximateMemoryUsage,
            TableNumber = table?.Number ?? 0,
            TableBytes = table?.Size ?? 0,
            Duration = elapsed,
        });
    }

    private FileMetadata WriteMemtableTable(Memtable memtable)
    {
        ulong number = _versions.NewFileNumber();
        using SkipListIterator points = memtable.NewPointIterator();
        using SkipListIterator ranges = memtable.NewRangeTombstoneIterator();
        try
        {
            return WriteTable(number, points, ranges);
        }
        catch (StorageFullException)
        {
            // No manifest names the table yet: the partial file goes, and a retry writes a new one.
            TryDelete(FileNames.Table(_directory, number));
            throw;
        }
    }

    /// <summary>Writes a table from a sorted point iterator and a range-tombstone iterator, and syncs it.</summary>
    private FileMetadata WriteTable(ulong number, IInternalIterator points, IInternalIterator? rangeTombstones)
    {
        string path = FileNames.Table(_directory, number);
        using IWritableFile file = _fs.Create(path);
        using SstWriter writer = new(file, SstWriterOptions.From(_options), _bloomBuilders);
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
                RetireLog(name);
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
