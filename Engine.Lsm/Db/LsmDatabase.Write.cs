using System;
using System.Diagnostics;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Lsm.Batch;
using Engine.Lsm.Events;
using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;
using Engine.Lsm.Options;

namespace Engine.Lsm.Db;

/// <summary>The commit pipeline: group commit into the WAL, then the memtable, then publication.</summary>
internal sealed partial class LsmDatabase
{
    /// <summary>A group grows to at most this many bytes of batches, so one slow sync does not hold too many writers.</summary>
    private const int MaxGroupBytes = 1 << 20;

    [ThreadStatic]
    private static WriteBatch? s_threadBatch;

    [ThreadStatic]
    private static PendingWrite? s_threadPending;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        EventDispatcher.ThrowIfInHandler();
        WriteBatch batch = ThreadBatch();
        batch.Put(key, value);
        Write(batch, options);
    }

    /// <summary>Deletes <paramref name="key"/>.</summary>
    public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        EventDispatcher.ThrowIfInHandler();
        WriteBatch batch = ThreadBatch();
        batch.Delete(key);
        Write(batch, options);
    }

    /// <summary>Deletes every key in <c>[start, end)</c>.</summary>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end, WriteOptions? options = null)
    {
        EventDispatcher.ThrowIfInHandler();
        WriteBatch batch = ThreadBatch();
        batch.DeleteRange(start, end);
        Write(batch, options);
    }

    /// <summary>Commits <paramref name="batch"/> atomically. The batch may be reused once this returns.</summary>
    /// <exception cref="InvalidOperationException">Called from an event handler.</exception>
    /// <exception cref="StorageException">The store is closed or failed, or the WAL write failed (the write is not acknowledged).</exception>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        PendingWrite pending = s_threadPending ??= new PendingWrite();
        pending.Reset(batch, (options ?? WriteOptions.Default).Durability, forceRotate: false);
        Commit(pending);
    }

    /// <summary>Freezes the memtable (if it holds anything) and waits until every frozen memtable is flushed.</summary>
    /// <exception cref="InvalidOperationException">Called from an event handler (compactions and checkpoints flush too).</exception>
    public void Flush()
    {
        PendingWrite pending = new();
        pending.Reset(null, Durability.Buffered, forceRotate: true);
        long spaceFailures;
        lock (_mutex)
        {
            spaceFailures = _flushSpaceFailures;
        }

        Commit(pending);
        lock (_mutex)
        {
            while (_immutables.Count > 0 && _failure is null && !_closing && _flushSpaceFailures == spaceFailures)
            {
                Monitor.Wait(_mutex);
            }

            ThrowIfUnusableLocked();
            if (_immutables.Count > 0)
            {
                ThrowIfFlushOutOfSpaceLocked(spaceFailures);
            }
        }
    }

    private static WriteBatch ThreadBatch()
    {
        WriteBatch batch = s_threadBatch ??= new WriteBatch();
        batch.Clear();
        return batch;
    }

    /// <summary>Queues <paramref name="pending"/> and commits it, leading a group or following one.</summary>
    /// <exception cref="InvalidOperationException">Called from an event handler: writes, flushes, compactions and checkpoints all commit here.</exception>
    private void Commit(PendingWrite pending)
    {
        EventDispatcher.ThrowIfInHandler();
        PendingWrite[] group;
        int groupCount;
        Durability durability = Durability.Buffered;
        Memtable memtable;
        Wal.LogWriter log;
        ulong firstSequence;

        if (!EnterAsLeader(pending))
        {
            pending.ThrowIfFailed();
            return;
        }

        // Holding the mutex, entered by EnterAsLeader.
        try
        {
            // This writer leads: it commits itself and the writers queued behind it.
            try
            {
                ThrowIfUnusableLocked();
                group = GatherGroupLocked(out groupCount, out long groupBytes, out long entries);
                foreach (PendingWrite member in group.AsSpan(0, groupCount))
                {
                    durability = (Durability)Math.Max((int)durability, (int)member.Durability);
                }

                MakeRoomForWriteLocked(groupBytes + (entries * 64), pending.ForceRotate);
            }
            catch (Exception ex)
            {
                FinishGroupLocked([pending], 1, ex);
                throw;
            }

            firstSequence = _lastSequence + 1;
            ulong next = firstSequence;
            foreach (PendingWrite member in group.AsSpan(0, groupCount))
            {
                if (member.Batch is { } batch)
                {
                    batch.Sequence = next;
                    next += (ulong)batch.Count;
                }
            }

            _lastSequence = next - 1;
            memtable = _mem;
            log = _log;
        }
        finally
        {
            Monitor.Exit(_mutex);
        }

        // Outside the mutex: only the leader touches the WAL and the memtable, and readers never lock.
        Exception? failure = null;
        long written = log.Length;
        try
        {
            foreach (PendingWrite member in group.AsSpan(0, groupCount))
            {
                if (member.Batch is { } batch)
                {
                    log.AddRecord(batch.Data);
                }
            }

            switch (durability)
            {
                case Durability.Synced:
                    log.Sync();
                    break;
                case Durability.Flushed:
                    log.Flush();
                    break;
            }

            _stats.RecordWalWrite(log.Length - written);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is not null)
        {
            // An append that found no space leaves nothing acknowledged: cut the WAL back to where the group began and
            // the store goes on, so writes succeed again once space returns. Anything else (a failed fsync, an I/O
            // error, a failed cut) says nothing certain about what reached the disk: no write is acknowledged again.
            bool recovered = failure is StorageFullException && log.TryRollback(written);
            lock (_mutex)
            {
                if (recovered)
                {
                    // Nobody else hands out sequence numbers while this leader heads the queue. The group's batches
                    // give theirs back, so a writer can tell that its batch is gone even if the store fails later.
                    _lastSequence = firstSequence - 1;
                    foreach (PendingWrite member in group.AsSpan(0, groupCount))
                    {
                        if (member.Batch is { } batch)
                        {
                            batch.Sequence = 0;
                        }
                    }
                }
                else
                {
                    _failure ??= failure;
                }

                FinishGroupLocked(group, groupCount, failure);
                pending.ThrowIfFailed();
                return;
            }
        }

        try
        {
            foreach (PendingWrite member in group.AsSpan(0, groupCount))
            {
                if (member.Batch is { } batch)
                {
                    ApplyToMemtable(batch, memtable);
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (_mutex)
        {
            if (failure is not null)
            {
                _failure ??= failure;
            }
            else
            {
                Volatile.Write(ref _visibleSequence, _lastSequence);
                if (_options.CommitObserver is { } observer)
                {
                    NotifyCommittedLocked(observer, group, groupCount);
                }
            }

            FinishGroupLocked(group, groupCount, failure);
            pending.ThrowIfFailed();
        }
    }

    /// <summary>Tells the observer of the group's batches, in sequence order, now that they are visible.</summary>
    private static void NotifyCommittedLocked(CommitObserver observer, PendingWrite[] group, int count)
    {
        foreach (PendingWrite member in group.AsSpan(0, count))
        {
            if (member.Batch is { } batch)
            {
                try
                {
                    observer.OnCommitted(batch.Data);
                }
                catch (Exception ex)
                {
                    // The write is committed and acknowledged either way; an observer that throws has a bug.
                    Debug.Fail($"a commit observer threw: {ex}");
                }
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="pending"/>; true, holding the mutex, once it heads the queue and leads; false, without
    /// the mutex, when a leader committed it (done, successfully or not).
    /// </summary>
    /// <remarks>
    /// A follower sleeps on its own record with the mutex released, not on the store's monitor: a finished group wakes
    /// its followers and the next leader, nobody else, and a follower woken done returns without taking the mutex
    /// (its record's monitor publishes the outcome). A lone writer keeps the mutex from queueing to leading.
    /// </remarks>
    private bool EnterAsLeader(PendingWrite pending)
    {
        Monitor.Enter(_mutex);
        _writers.Enqueue(pending);
        if (_writers.Peek() == pending)
        {
            return true;
        }

        Monitor.Exit(_mutex);
        pending.WaitForTurn();
        if (pending.Done)
        {
            return false;
        }

        Monitor.Enter(_mutex);
        Debug.Assert(_writers.Peek() == pending, "a writer not done wakes at the head of the queue");
        return true;
    }

    private static void ApplyToMemtable(WriteBatch batch, Memtable memtable)
    {
        BatchReader reader = new(batch.Data, "<batch>", 0);
        ulong sequence = batch.Sequence;
        while (reader.TryReadNext(out KeyKind kind, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
        {
            if (!memtable.TryAdd(sequence++, kind, key, value))
            {
                ThrowHelper.ThrowInternal("The memtable ran out of room that was reserved for the write.");
            }
        }
    }

    /// <summary>Takes the queued writers that fit in one group, the leader first.</summary>
    private PendingWrite[] GatherGroupLocked(out int count, out long bytes, out long entries)
    {
        PendingWrite leader = _writers.Peek();
        PendingWrite[] group = leader.GroupBuffer;
        count = 0;
        bytes = 0;
        entries = 0;
        foreach (PendingWrite writer in _writers)
        {
            int size = writer.Batch?.Data.Length ?? 0;
            if (count > 0 && (writer.ForceRotate || leader.ForceRotate || writer.Exclusive || leader.Exclusive || bytes + size > MaxGroupBytes || count == group.Length))
            {
                break;
            }

            group[count++] = writer;
            bytes += size;
            entries += writer.Batch?.Count ?? 0;
        }

        return group;
    }

    /// <summary>
    /// Dequeues the group and wakes exactly its followers and the next leader; the group's leader (the caller) is
    /// awake already. A closing store waiting for the queue to drain is pulsed on the monitor.
    /// </summary>
    private void FinishGroupLocked(PendingWrite[] group, int count, Exception? error)
    {
        for (int i = 0; i < count; i++)
        {
            PendingWrite writer = _writers.Dequeue();
            Debug.Assert(ReferenceEquals(writer, group[i]), "the group is the head of the queue");
            writer.Complete(error);
            if (i > 0)
            {
                writer.Wake();
            }
        }

        if (_writers.Count > 0)
        {
            _writers.Peek().Wake();
        }
        else if (_closing)
        {
            Monitor.PulseAll(_mutex);
        }
    }

    /// <summary>One writer's place in the commit queue. Reused per thread: a thread has one write in flight.</summary>
    /// <remarks>
    /// Its own monitor is the writer's wake-up signal: a follower sleeps on it until its group is done or it heads the
    /// queue. Lock order: the store's mutex, then a record's monitor; a sleeping follower holds only its own.
    /// </remarks>
    private sealed class PendingWrite
    {
        private readonly object _signal = new();

        // _signal: set by Wake, cleared by Reset before the record is queued; the owner waits for it on _signal.
        private bool _woken;

        public WriteBatch? Batch { get; private set; }

        public Durability Durability { get; private set; }

        public bool ForceRotate { get; private set; }

        /// <summary>True for an ingest: it leads alone and is never gathered into another writer's group.</summary>
        public bool Exclusive { get; private set; }

        public bool Done { get; private set; }

        public Exception? Error { get; private set; }

        /// <summary>Scratch for the group this writer leads; guarded by the store's mutex while leading.</summary>
        public PendingWrite[] GroupBuffer { get; } = new PendingWrite[64];

        public void Reset(WriteBatch? batch, Durability durability, bool forceRotate, bool exclusive = false)
        {
            Batch = batch;
            Durability = durability;
            ForceRotate = forceRotate;
            Exclusive = exclusive;
            Done = false;
            Error = null;

            // Not yet queued, so no one can wake it: a plain write, published by the mutex that queues it.
            _woken = false;
        }

        /// <summary>Sleeps until <see cref="Wake"/>; called without the store's mutex.</summary>
        public void WaitForTurn()
        {
            lock (_signal)
            {
                while (!_woken)
                {
                    Monitor.Wait(_signal);
                }
            }
        }

        /// <summary>Wakes the owner: its group is done, or it now heads the queue. Called holding the store's mutex.</summary>
        public void Wake()
        {
            lock (_signal)
            {
                _woken = true;
                Monitor.Pulse(_signal);
            }
        }

        public void Complete(Exception? error)
        {
            Error = error;
            Done = true;
        }

        public void ThrowIfFailed()
        {
            if (Error is not null)
            {
                // The subtype survives the wrapping, so a caller can catch a full disk or a read-only store by type.
                string message = "The write was not acknowledged: " + Error.Message;
                throw Error switch
                {
                    StorageFullException => new StorageFullException(message, Error),
                    ReadOnlyException => new ReadOnlyException(message, Error),
                    StorageException storage => new StorageException(storage.Code, message, Error),
                    _ => new StorageException(StorageErrorCode.Unavailable, message, Error),
                };
            }
        }
    }
}
