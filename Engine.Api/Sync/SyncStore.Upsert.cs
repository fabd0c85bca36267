using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Buffers;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The write path shared by every record type: one atomic batch per call, an upsert on (sync, id) with SQLite's
/// conflict rules (shared/spec/baton-storage.md, sections 1.4 and 3.5), index entries derived from the stored side
/// columns.
/// </summary>
public sealed partial class SyncStore
{
    // Guarded by _stateLock: the sync this instance started (its keyspaces began empty), per entity keyspace the ids
    // its puts have written since (a Bloom filter: an id it certainly lacks was never stored, so its put needs no
    // read-before-write), and one bit per keyspace written around the puts (an import) or whose filter filled up, where
    // every put reads. A put holds the keyspace's filter's monitor from its check to its update.
    private Ksuid? _freshSync;
    private FreshKeys?[] _freshKeys = new FreshKeys?[32];
    private FreshCounts _freshCounts = new();
    private int _untrustedKeyspaces;

    // IDE1006: thread-statics take the t_ prefix (house style 4); the editorconfig rule cannot tell them from statics.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static Dictionary<string, int>? t_slots;

    [ThreadStatic]
    private static List<string>? t_ids;
#pragma warning restore IDE1006

    /// <summary>
    /// Applies <paramref name="rows"/> to the current sync in order, as SQLite's multi-row upsert does (a later row of
    /// the same id conflicts with the earlier one), and commits the result as one batch.
    /// </summary>
    private void Upsert(Keyspace keyspace, Span<PendingRecord> rows, UpsertMode mode)
    {
        Ksuid sync = RequireWriteSync();
        if (rows.IsEmpty)
        {
            return;
        }

        long now = NowUnixNanos();

        // The per-call tables are reused across calls on this thread, so a put allocates nothing in proportion to its
        // batch beyond the batch itself; taken out of the slot while in use, so a nested or concurrent call makes its own.
        Dictionary<string, int> slots = t_slots ?? new(StringComparer.Ordinal);
        List<string> ids = t_ids ?? [];
        t_slots = null;
        t_ids = null;
        RowState[] states = ArrayPool<RowState>.Shared.Rent(rows.Length);
        try
        {
            UpsertRows(keyspace, sync, rows, mode, now, slots, ids, states);
        }
        finally
        {
            ArrayPool<RowState>.Shared.Return(states, clearArray: true);
            slots.Clear();
            ids.Clear();
            t_slots = slots;
            t_ids = ids;
        }
    }

    private void UpsertRows(Keyspace keyspace, Ksuid sync, Span<PendingRecord> rows, UpsertMode mode, long now, Dictionary<string, int> slots, List<string> ids, RowState[] states)
    {
        foreach (ref PendingRecord row in rows)
        {
            if (slots.TryAdd(row.Id, ids.Count))
            {
                ids.Add(row.Id);
            }
        }

        if (FreshKeysOf(sync, keyspace) is not { } fresh)
        {
            WriteRows(keyspace, sync, rows, mode, now, slots, ids, states, null);
            return;
        }

        lock (fresh)
        {
            // Checked again under the monitor: an import may have written around the filter meanwhile.
            WriteRows(keyspace, sync, rows, mode, now, slots, ids, states, FreshKeysOf(sync, keyspace) == fresh ? fresh : null);
        }
    }

    /// <summary>
    /// Reads what the ids hold (with <paramref name="fresh"/>, only those it may hold), applies the rows and commits the
    /// batch; then adds the ids to <paramref name="fresh"/>. With <paramref name="fresh"/>, the index entries of new
    /// records are held back (SyncStore.PendingIndexes.cs); otherwise they go in the batch, after every held-back one.
    /// </summary>
    private void WriteRows(Keyspace keyspace, Ksuid sync, Span<PendingRecord> rows, UpsertMode mode, long now, Dictionary<string, int> slots, List<string> ids, RowState[] states, FreshKeys? fresh)
    {
        using KeyBuilder keys = new();
        LoadStored(keyspace, sync, ids, states, keys, fresh);
        foreach (ref PendingRecord row in rows)
        {
            Apply(ref states[slots[row.Id]], ref row, mode, now);
        }

        if (fresh is null)
        {
            WriteStates(keyspace, sync, ids, states, keys, null);
        }
        else
        {
            lock (_pendingLock)
            {
                WriteStates(keyspace, sync, ids, states, keys, PendingFor(sync));
            }

            if (Volatile.Read(ref _pendingBytes) >= PendingIndexDrainBytes)
            {
                DrainPendingIndexes();
            }
        }

        bool full = false;
        if (fresh is not null)
        {
            foreach (string id in ids)
            {
                if (!fresh.TryAdd(id))
                {
                    full = true;
                    break;
                }
            }
        }

        lock (_stateLock)
        {
            if (full)
            {
                _untrustedKeyspaces |= KeyspaceBit(keyspace);
            }

            _dirty = true;
        }
    }

    /// <summary>
    /// Commits the applied states as one batch. The index entries of new records go to <paramref name="pending"/>
    /// when given (the caller holds <see cref="_pendingLock"/>), else into the batch, after every held-back entry.
    /// </summary>
    private void WriteStates(Keyspace keyspace, Ksuid sync, List<string> ids, RowState[] states, KeyBuilder keys, PendingIndexes? pending)
    {
        if (pending is null)
        {
            _ = Db;
        }
        else if (pending.Count > 0 && TogglesNeedsExpansion(keyspace, ids, states))
        {
            // The entry a conflict flips may still be held back: it is written before its delete or re-put.
            DrainLocked(pending);
        }

        using WriteBatch batch = new();
        using PooledBufferWriter value = new(1024);
        using PooledBufferWriter encodedId = new(128);
        (int Count, int Chunk, int ChunkUsed, long KeyBytes) mark = pending?.Mark ?? default;
        (int records, long bytes) = (0, 0L);
        for (int i = 0; i < ids.Count; i++)
        {
            ref RowState state = ref states[i];
            if (state.Message is null)
            {
                continue;
            }

            value.Clear();
            EntityRecord.Write(value, state.Flags, state.DiscoveredAt, state.Columns.First(state.ColumnCount), state.Expansion, state.Message);
            batch.Put(keys.Begin(keyspace, sync).Append(ids[i]).Key, value.WrittenSpan);
            (records, bytes) = (records + 1, bytes + value.WrittenCount);
            encodedId.Clear();
            encodedId.Write(keys.Key[SyncKeys.SyncPrefixLength..]);
            if (!EntityRecord.TryParse(value.WrittenSpan, out EntityRecord written))
            {
                SyncErrors.Internal("a record just written does not parse");
            }

            if (!state.StoredBefore)
            {
                if (pending is null)
                {
                    IndexEntries.Write(batch, keys, keyspace, sync, encodedId.WrittenSpan, written);
                }
                else
                {
                    IndexEntries.HoldBack(pending, keys, keyspace, sync, encodedId.WrittenSpan, written);
                }
            }
            else if (TogglesNeedsExpansion(keyspace, state))
            {
                // Only the needs-expansion entry can change on a conflict: the other entries follow the kept side columns.
                keys.Begin(Keyspace.GrantNeedsExpansion, sync).AppendEncoded(encodedId.WrittenSpan);
                if (state.NeedsBefore)
                {
                    batch.Delete(keys.Key);
                }
                else
                {
                    batch.Put(keys.Key, []);
                }
            }
        }

        if (pending is not null && mark.Count == 0 && pending.Count > 0)
        {
            // The first entries held back since the last drain: the marker commits with the records they belong to.
            batch.Put(IndexesPendingKey(sync), []);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            _database.Write(batch);
        }
        catch
        {
            pending?.Truncate(mark);
            throw;
        }

        if (pending is not null)
        {
            FreshCountsOf(sync)?.AddNew(keyspace, states.AsSpan(0, ids.Count));
            pending.SealRun();
            Volatile.Write(ref _pendingCount, pending.Count);
            Volatile.Write(ref _pendingBytes, pending.Bytes);
        }

        _telemetry.RecordsWritten(SyncOperations.KindOf(keyspace), records, bytes);
    }

    /// <summary>True when a conflict on a grant adds or removes its needs-expansion entry.</summary>
    private static bool TogglesNeedsExpansion(Keyspace keyspace, in RowState state) =>
        keyspace == Keyspace.Grant && state.StoredBefore && state.Message is not null
            && (state.Flags & RecordFlags.NeedsExpansion) != 0 != state.NeedsBefore;

    private static bool TogglesNeedsExpansion(Keyspace keyspace, List<string> ids, RowState[] states)
    {
        for (int i = 0; i < ids.Count; i++)
        {
            if (TogglesNeedsExpansion(keyspace, states[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads what is stored under <paramref name="ids"/> with one multi-get; with <paramref name="fresh"/>, only the ids
    /// it may hold (the others were never stored).
    /// </summary>
    private void LoadStored(Keyspace keyspace, Ksuid sync, List<string> ids, RowState[] states, KeyBuilder keys, FreshKeys? fresh)
    {
        List<byte[]> lookup = [];
        List<int> slots = [];
        for (int i = 0; i < ids.Count; i++)
        {
            if (fresh is null || fresh.MayContain(ids[i]))
            {
                lookup.Add(keys.Begin(keyspace, sync).Append(ids[i]).ToArray());
                slots.Add(i);
            }
        }

        if (lookup.Count == 0)
        {
            return;
        }

        byte[]?[] stored = _database.MultiGet(lookup);
        for (int i = 0; i < stored.Length; i++)
        {
            if (stored[i] is not { } bytes)
            {
                continue;
            }

            EntityRecord record = ParseRecord(lookup[i], bytes, keyspace);

            ref RowState state = ref states[slots[i]];
            state.StoredBefore = true;
            state.Exists = true;
            state.DiscoveredAt = record.DiscoveredAtUnixNanos;
            state.Flags = record.Flags;
            state.NeedsBefore = (record.Flags & RecordFlags.NeedsExpansion) != 0;
            state.ColumnCount = record.ColumnCount;
            for (int c = 0; c < record.ColumnCount; c++)
            {
                state.Columns[c] = record.Column(c);
            }

            state.Expansion = (record.Flags & RecordFlags.HasExpansion) != 0 ? record.Expansion.ToArray() : null;
        }
    }

    /// <summary>Applies one incoming row to its id's state by <paramref name="mode"/>'s conflict rule.</summary>
    private static void Apply(ref RowState state, ref PendingRecord row, UpsertMode mode, long now)
    {
        if (mode == UpsertMode.IfNewer && row.DiscoveredAt is null)
        {
            return;
        }

        if (!state.Exists)
        {
            state.Exists = true;
            state.DiscoveredAt = mode == UpsertMode.IfNewer ? row.DiscoveredAt!.Value : now;
            state.Columns = row.Columns;
            state.ColumnCount = row.ColumnCount;
            state.Flags = row.Flags & RecordFlags.HasParent;
            state.Expansion = mode == UpsertMode.PreserveExpansion ? null : row.Expansion;
            if (state.Expansion is not null)
            {
                state.Flags |= RecordFlags.HasExpansion | RecordFlags.NeedsExpansion;
            }

            state.Message = row.Message;
            return;
        }

        if (mode == UpsertMode.IfNewer)
        {
            // A stored record without discovered_at (0) is always replaced; otherwise only by a later one.
            if (state.DiscoveredAt != 0 && row.DiscoveredAt!.Value <= state.DiscoveredAt)
            {
                return;
            }

            state.DiscoveredAt = row.DiscoveredAt!.Value;
        }

        state.Message = row.Message;
        if (mode != UpsertMode.PreserveExpansion && row.ColumnCount == Records.EntityRecord.MaxColumns)
        {
            bool needs = GrantExpansion.NeedsExpansionAfterConflict(
                (state.Flags & RecordFlags.HasExpansion) != 0, state.Expansion, (state.Flags & RecordFlags.NeedsExpansion) != 0, row.Expansion);
            state.Expansion = row.Expansion;
            state.Flags &= RecordFlags.HasParent;
            state.Flags |= (row.Expansion is null ? RecordFlags.None : RecordFlags.HasExpansion) | (needs ? RecordFlags.NeedsExpansion : RecordFlags.None);
        }
    }

    /// <summary>
    /// The filter of the ids written to <paramref name="keyspace"/> of <paramref name="sync"/>, when this instance started
    /// the sync and every record of the keyspace went through it; else null (every put reads).
    /// </summary>
    private FreshKeys? FreshKeysOf(Ksuid sync, Keyspace keyspace)
    {
        lock (_stateLock)
        {
            if (_freshSync != sync || (_untrustedKeyspaces & KeyspaceBit(keyspace)) != 0)
            {
                return null;
            }

            int slot = (int)keyspace & 0x1F;
            return _freshKeys[slot] ??= new FreshKeys();
        }
    }

    /// <summary>Records that this instance started <paramref name="sync"/>, so its keyspaces begin empty.</summary>
    private void MarkFreshLocked(Ksuid sync)
    {
        _freshSync = sync;
        _freshKeys = new FreshKeys?[32];
        _freshCounts = new FreshCounts();
        _untrustedKeyspaces = 0;
    }

    /// <summary>Records that <paramref name="keyspace"/> of <paramref name="sync"/> was written around the puts' filter.</summary>
    private void WrittenAroundFreshKeysLocked(Ksuid sync, Keyspace keyspace)
    {
        if (_freshSync == sync)
        {
            _untrustedKeyspaces |= KeyspaceBit(keyspace);
        }
    }

    /// <summary>
    /// The counts of the records of <paramref name="sync"/> when this instance started it and every record of its
    /// counted keyspaces went through the puts and deletes that count them; else null (EndSync recounts).
    /// </summary>
    private FreshCounts? FreshCountsOf(Ksuid sync)
    {
        const int Counted = (1 << ((int)Keyspace.Resource & 0x1F)) | (1 << ((int)Keyspace.Entitlement & 0x1F)) | (1 << ((int)Keyspace.Grant & 0x1F));
        lock (_stateLock)
        {
            return _freshSync == sync && (_untrustedKeyspaces & Counted) == 0 ? _freshCounts : null;
        }
    }

    private static int KeyspaceBit(Keyspace keyspace) => 1 << ((int)keyspace & 0x1F);
}
