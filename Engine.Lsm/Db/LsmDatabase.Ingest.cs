using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Engine.Api;
using Engine.Lsm.Compaction;
using Engine.Lsm.Events;
using Engine.Lsm.Ingest;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;
using Engine.Lsm.Options;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Db;

/// <summary>Ingest: a sorted run written straight into tables, without the WAL, the memtable or a flush.</summary>
/// <remarks>
/// <para>
/// The steps, all as the commit leader, alone (no other write interleaves, so every entry can carry one sequence
/// number <c>s</c>, the next one):
/// </para>
/// <list type="number">
/// <item>Take <c>s = LastSequence + 1</c>, then stream the source into synced tables (<see cref="IngestTableWriter"/>),
/// with the mutex released. A bad entry or a failing source deletes them and fails the call, not the store.</item>
/// <item>Under the mutex: if a memtable, active or frozen, holds a key in the run's range, freeze the active one and
/// wait until every frozen one is flushed, since reads consult memtables before tables.</item>
/// <item>If the run would go to L0, wait while L0 is at its stop trigger, as a write would.</item>
/// <item>Pick the level (<see cref="IngestPlacement"/>) and log one manifest edit: the tables and
/// <c>LastSequence = s</c>. It runs under the mutex, so that no compaction is picked or registered between the choice
/// and the edit; manual compactions are kept out by <see cref="_manualCompactionLock"/>, which this call holds
/// throughout (they pick outside the mutex).</item>
/// <item>Publish the new read state, then make <c>s</c> visible.</item>
/// </list>
/// <para>
/// Durability: the tables are synced before the edit, which syncing a file makes durable with the directory entry
/// (<see cref="Core.Storage.IFileSystem"/>), and the edit is synced and vouched for before the call returns. A crash
/// before the edit leaves unreferenced tables that the next open deletes; after it, the whole run is there. A failed
/// table write or manifest edit fails the store, as a failed flush does.
/// </para>
/// </remarks>
internal sealed partial class LsmDatabase
{
    /// <summary>
    /// Writes every entry of <paramref name="entries"/> (strictly ascending keys) into new tables and installs them
    /// atomically under one new sequence number. Durable when it returns. An empty source changes nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">A key is empty or not above the previous one; nothing is installed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A key or value is too long; nothing is installed.</exception>
    /// <exception cref="InvalidOperationException">Called from an event handler.</exception>
    /// <exception cref="StorageException">The store is closed or failed, or I/O failed (then it accepts no more writes).</exception>
    public IngestResult Ingest(ISortedEntrySource entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        EventDispatcher.ThrowIfInHandler();
        EnsureOpen();

        // Before leadership, in the order CompactRange takes them (it flushes, which commits, while holding the lock).
        using Lock.Scope manual = _manualCompactionLock.EnterScope();
        if (!entries.MoveNext())
        {
            // Nothing to write, as for an empty batch: no sequence number is used.
            return IngestResult.Empty;
        }

        PendingWrite pending = new();
        pending.Reset(null, Durability.Buffered, forceRotate: false, exclusive: true);
        bool leads = EnterAsLeader(pending);
        Debug.Assert(leads, "an exclusive writer is never gathered into another's group");
        ulong sequence;
        CancellationToken cancel;
        try
        {
            ThrowIfUnusableLocked();
            sequence = _lastSequence + 1;

            // Taken while the store is usable: closing waits for this leader before it disposes the token's source.
            cancel = _closeCancellation.Token;
        }
        catch (Exception ex)
        {
            FinishGroupLocked([pending], 1, ex);
            Monitor.Exit(_mutex);
            throw;
        }

        Monitor.Exit(_mutex);
        IngestTableWriter writer = new(_fs, _directory, _versions.NewFileNumber, SstWriterOptions.From(_options), _options.TargetFileSizeBytes, _bloomBuilders);
        List<FileMetadata> tables;
        long count;
        try
        {
            (tables, count) = writer.Write(entries, sequence, cancel);
        }
        catch (Exception ex)
        {
            lock (_mutex)
            {
                bool storeFailure = !writer.SourceFailed && ex is not OperationCanceledException;
                if (storeFailure)
                {
                    _failure ??= ex;
                    Monitor.PulseAll(_mutex);
                }

                FinishGroupLocked([pending], 1, ex);
                if (ex is OperationCanceledException)
                {
                    ThrowIfUnusableLocked();
                }
            }

            throw;
        }

        IngestResult result = InstallIngested(pending, writer, tables, count, sequence);
        _stats.RecordIngest(result.Tables, result.Bytes, result.Entries, result.Level);
        SignalCompaction();
        return result;
    }

    /// <summary>Steps 2 to 5 of the ingest: makes room, picks the level, logs the edit, publishes; ends the leadership.</summary>
    private IngestResult InstallIngested(PendingWrite pending, IngestTableWriter writer, List<FileMetadata> tables, long entries, ulong sequence)
    {
        KeyRange run = new(tables[0].SmallestUserKey.ToArray(), tables[^1].LargestUserKey.ToArray(), endExclusive: false);
        long bytes = 0;
        foreach (FileMetadata table in tables)
        {
            bytes += table.Size;
        }

        bool logging = false;
        Monitor.Enter(_mutex);
        try
        {
            ThrowIfUnusableLocked();
            if (MemtablesHoldKeyInLocked(run))
            {
                FlushMemtablesForIngestLocked();
            }

            WaitForL0RoomLocked(run);
            int level = IngestPlacement.TargetLevel(_versions.Current, _running, run);
            VersionEdit edit = new() { LastSequence = sequence };
            foreach (FileMetadata table in tables)
            {
                edit.NewFiles.Add((level, table));
            }

            logging = true;
            _versions.LogAndApply(edit);
            Debug.Assert(_lastSequence + 1 == sequence, "only the leader assigns sequence numbers");
            _lastSequence = sequence;
            PublishReadStateLocked();

            // After the state that holds the tables: a reader that sees the sequence number also sees them.
            Volatile.Write(ref _visibleSequence, sequence);
            FinishGroupLocked([pending], 1, null);
            Monitor.PulseAll(_mutex);
            return new IngestResult(tables.Count, bytes, level, sequence, entries);
        }
        catch (Exception ex)
        {
            if (!logging)
            {
                writer.DeleteCreated();
            }
            else if (ex is not StorageFullException || _versions.IsFailed)
            {
                // The edit may still reach the disk and name the tables: they stay (pinned by the version set), and the
                // store accepts no more writes, as after a failed flush. The next open keeps or deletes them.
                _failure ??= ex;
                Monitor.PulseAll(_mutex);
            }

            // Otherwise the edit found no space and was cut away with its tables: nothing changed, and the store goes on.

            FinishGroupLocked([pending], 1, ex);
            throw;
        }
        finally
        {
            Monitor.Exit(_mutex);
        }
    }

    private bool MemtablesHoldKeyInLocked(KeyRange run)
    {
        if (_mem.HoldsKeyIn(run.Start, run.End))
        {
            return true;
        }

        foreach ((Memtable memtable, ulong _) in _immutables)
        {
            if (memtable.HoldsKeyIn(run.Start, run.End))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Freezes the active memtable and waits until every frozen one is in L0, as <see cref="Flush"/> does.</summary>
    private void FlushMemtablesForIngestLocked()
    {
        MakeRoomForWriteLocked(0, forceRotate: true);
        while (_immutables.Count > 0 && _failure is null && !_closing)
        {
            Monitor.Wait(_mutex);
        }

        ThrowIfUnusableLocked();
    }

    /// <summary>Waits, as a stalled writer does, while the run would go to L0 and L0 is at its stop trigger.</summary>
    private void WaitForL0RoomLocked(KeyRange run)
    {
        long stallStart = 0;
        while (_versions.Current.Files(0).Length >= _options.L0StopWritesTrigger
            && IngestPlacement.TargetLevel(_versions.Current, _running, run) == 0)
        {
            if (stallStart == 0)
            {
                stallStart = Stopwatch.GetTimestamp();
                _stats.RecordStall();
            }

            SignalCompaction();
            Monitor.Wait(_mutex);
            ThrowIfUnusableLocked();
        }

        if (stallStart != 0)
        {
            _stats.RecordStallTime(Stopwatch.GetElapsedTime(stallStart));
        }
    }
}
