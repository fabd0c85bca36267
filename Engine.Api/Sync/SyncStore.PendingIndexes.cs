using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// A fresh sync's index entries, held back from its puts and written in key order later (docs/format/keyspace.md,
/// "Deferred index entries"): a put of a new record writes its primary row alone, and the index entries wait in
/// <see cref="PendingIndexes"/> until anything else touches the store. Every other path reaches the key-value store
/// through <see cref="Db"/>, which drains them first, so no read sees a record without its index entries and no
/// later write is overtaken by an older entry.
/// </summary>
/// <remarks>
/// A crash loses the held entries, not the records: the first put that holds entries back writes a marker under the
/// sync (keyspace <see cref="Keyspace.IndexesPending"/>) in its own batch, and the drain deletes it with the entries;
/// an open that finds a marker rebuilds that sync's index entries from its records.
/// </remarks>
public sealed partial class SyncStore
{
    /// <summary>Held-back bytes at which a put drains them.</summary>
    internal const long PendingIndexDrainBytes = 64L << 20;

    // Held-back keys from which a drain writes tables rather than a batch through the memtable; keys per batch when
    // rebuilding.
    private const int IngestMinKeys = 16_384;
    private const int DrainBatchKeys = 65_536;

    // Guards _pending and its contents; taken inside a keyspace's FreshKeys monitor, never around one.
    private readonly Lock _pendingLock = new();
    private PendingIndexes? _pending;

    // _pending's count and bytes, read without the lock: by every access to the store, by every put.
    private int _pendingCount;
    private long _pendingBytes;

    /// <summary>The key-value store underneath, with every held-back index entry written.</summary>
    internal Database Db
    {
        get
        {
            if (Volatile.Read(ref _pendingCount) != 0)
            {
                DrainPendingIndexes();
            }

            return _database;
        }
    }

    /// <summary>The marker key that says sync <paramref name="sync"/> may lack held-back index entries.</summary>
    private static byte[] IndexesPendingKey(Ksuid sync) => SyncKeys.Prefix(Keyspace.IndexesPending, sync);

    /// <summary>
    /// The buffer the held-back index entries of a put into <paramref name="sync"/> go to; the caller holds
    /// <see cref="_pendingLock"/>. A buffer of another sync is drained first.
    /// </summary>
    private PendingIndexes PendingFor(Ksuid sync)
    {
        if (_pending is { } pending && pending.Sync != sync && pending.Count > 0)
        {
            DrainLocked(pending);
        }

        if (_pending is null || _pending.Sync != sync)
        {
            _pending = new PendingIndexes(sync);
        }

        return _pending;
    }

    /// <summary>Writes every held-back index entry, in key order, and deletes the sync's marker with the last of them.</summary>
    private void DrainPendingIndexes()
    {
        lock (_pendingLock)
        {
            if (_pending is { Count: > 0 } pending)
            {
                DrainLocked(pending);
            }
        }
    }

    private void DrainLocked(PendingIndexes pending)
    {
        pending.StartMerge();
        if (pending.Count >= IngestMinKeys)
        {
            // Straight into tables, one index keyspace at a time: each run then lies within the sync's range of its
            // keyspace, overlapping no other sync's tables, so it can land below them all and compactions never rewrite it.
            // Tables are durable at once, so the records they name are made durable first (a synced write syncs the log
            // before it): a machine crash must not keep index entries of records it lost.
            _database.Put(IndexesPendingKey(pending.Sync), [], Durability.Synced);
            while (pending.NextKeyspace >= 0)
            {
                pending.LimitToKeyspace(pending.NextKeyspace);
                _database.Ingest(pending);
            }

            _database.Delete(IndexesPendingKey(pending.Sync));
        }
        else
        {
            using WriteBatch batch = new();
            while (pending.MoveNext())
            {
                batch.Put(pending.Key, []);
            }

            batch.Delete(IndexesPendingKey(pending.Sync));
            _database.Write(batch);
        }

        pending.Clear();
        Volatile.Write(ref _pendingCount, 0);
        Volatile.Write(ref _pendingBytes, 0);
    }

    /// <summary>
    /// Rebuilds the index entries of every sync an interrupted store left a marker under, then deletes the markers.
    /// A read-only store cannot: it refuses to open, since its listings would miss records.
    /// </summary>
    private void RebuildInterruptedIndexes()
    {
        List<Ksuid> interrupted = [];
        foreach (KeyValuePair<byte[], byte[]> entry in _database.Scan(SyncKeys.KeyspaceRange(Keyspace.IndexesPending)))
        {
            if (SyncKeys.TryReadSyncId(entry.Key, out Ksuid sync))
            {
                interrupted.Add(sync);
            }
        }

        if (interrupted.Count == 0)
        {
            return;
        }

        if (_options.ReadOnly)
        {
            SyncErrors.FailedPrecondition(
                $"the sync store '{_path}' was interrupted while sync '{interrupted[0]}' held index entries back; open it writable once to rebuild them");
        }

        foreach (Ksuid sync in interrupted)
        {
            RebuildIndexes(sync);
        }
    }

    /// <summary>Writes every index entry the records of <paramref name="sync"/> call for, then deletes its marker.</summary>
    private void RebuildIndexes(Ksuid sync)
    {
        using KeyBuilder keys = new();
        using WriteBatch batch = new();
        foreach (Keyspace primary in (ReadOnlySpan<Keyspace>)[Keyspace.Resource, Keyspace.Entitlement, Keyspace.Grant])
        {
            foreach (KeyValuePair<byte[], byte[]> row in _database.Scan(SyncKeys.SyncRange(primary, sync)))
            {
                EntityRecord record = ParseRecord(row.Key, row.Value, primary);
                IndexEntries.Write(batch, keys, primary, sync, row.Key.AsSpan(SyncKeys.SyncPrefixLength), record);
                if (batch.Count >= DrainBatchKeys)
                {
                    _database.Write(batch);
                    batch.Clear();
                }
            }
        }

        batch.Delete(IndexesPendingKey(sync));
        _database.Write(batch, Durability.Synced);
    }
}
