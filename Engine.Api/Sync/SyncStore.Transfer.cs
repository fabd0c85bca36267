using System;
using System.Collections.Generic;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Api.Sync.Transfer;
using Engine.Core.Buffers;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// Moving whole syncs in and out as stored (import of v1 files, copies between stores): runs, records, assets and
/// session values with their ids, instants, tokens and blob bytes kept, and the index entries the put path writes.
/// Imports need a writable store, not a current sync; they apply no upsert rule and stamp nothing with "now".
/// </summary>
public sealed partial class SyncStore : ISyncTransferSource, ISyncTransferTarget
{
    /// <summary>
    /// Adds sync run <paramref name="run"/> with every field as given, as the newest in creation order (so runs imported
    /// in the source's order list in that order). The run is not bound as current.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="StorageException">ReadOnly; InvalidArgument: the id is not a KSUID; AlreadyExists: a sync with that id is stored.</exception>
    public void ImportRun(TransferRun run)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ImportRun);
        ArgumentNullException.ThrowIfNull(run);
        ThrowIfNotWritable();
        Ksuid id = ParseSyncId(run.SyncId);
        SyncRunRecord record = SyncRunViews.FromTransfer(run);

        lock (_stateLock)
        {
            if (TryGetRun(id) is not null)
            {
                SyncErrors.AlreadyExists($"a sync with id '{run.SyncId}' is already stored");
            }

            record.Sequence = _nextSequence;
            PutRun(record, id);
            _nextSequence++;
            _dirty = true;
            InvalidateDefaultSyncsLocked();
        }
    }

    /// <summary>
    /// Stores <paramref name="rows"/> in <paramref name="table"/> of sync <paramref name="syncId"/> as one atomic batch:
    /// each blob byte for byte, its discovered_at, side columns, parent and expansion state as given, and the index
    /// entries the put path derives from them.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument or a row is null.</exception>
    /// <exception cref="StorageException">
    /// ReadOnly; NotFound: no such sync; InvalidArgument: an empty or oversized id, or an id twice in the call;
    /// AlreadyExists: a row of that id is stored in the sync (nothing is written).
    /// </exception>
    public void ImportRecords(string syncId, RecordTable table, IReadOnlyList<TransferRecord> rows)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ImportRecords, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(rows);
        ThrowIfNotWritable();
        Keyspace keyspace = TransferRows.KeyspaceOf(table);
        Ksuid sync = ExistingSync(syncId);
        if (rows.Count == 0)
        {
            return;
        }

        using KeyBuilder keys = new();
        byte[][] primaryKeys = new byte[rows.Count][];
        HashSet<string> seen = new(rows.Count, StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            TransferRecord row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            (SideColumns columns, int count, _) = TransferRows.Columns(table, row);
            CheckKeyLength(RequireId(row.ExternalId, "record"), columns.First(count));
            if (!seen.Add(row.ExternalId))
            {
                SyncErrors.InvalidArgument($"'{row.ExternalId}' comes twice in one import of {table}");
            }

            primaryKeys[i] = keys.Begin(keyspace, sync).Append(row.ExternalId).ToArray();
        }

        // A row already stored would keep index entries derived from its old side columns: refuse rather than guess.
        byte[]?[] stored = Db.MultiGet(primaryKeys);
        for (int i = 0; i < stored.Length; i++)
        {
            if (stored[i] is not null)
            {
                SyncErrors.AlreadyExists($"{table} row '{rows[i].ExternalId}' is already stored in sync '{syncId}'");
            }
        }

        using WriteBatch batch = new();
        using PooledBufferWriter value = new(1024);
        long bytes = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            TransferRecord row = rows[i];
            (SideColumns columns, int count, RecordFlags flags) = TransferRows.Columns(table, row);
            value.Clear();
            EntityRecord.Write(value, flags, row.DiscoveredAtUnixNanos, columns.First(count), TransferRows.ExpansionOf(row), row.Data.Span);
            batch.Put(primaryKeys[i], value.WrittenSpan);
            bytes += value.WrittenCount;
            if (!EntityRecord.TryParse(value.WrittenSpan, out EntityRecord written))
            {
                SyncErrors.Internal("a record just written does not parse");
            }

            IndexEntries.Write(batch, keys, keyspace, sync, primaryKeys[i].AsSpan(SyncKeys.SyncPrefixLength), written);
        }

        Db.Write(batch);
        _telemetry.RecordsWritten(SyncOperations.KindOf(keyspace), rows.Count, bytes);
        lock (_stateLock)
        {
            // The put path's fresh-sync shortcut must see these rows.
            WrittenAroundFreshKeysLocked(sync, keyspace);
            _dirty = true;
        }
    }

    /// <summary>
    /// Stores <paramref name="asset"/> in sync <paramref name="syncId"/> with its content type and discovered_at as given,
    /// chunked as <see cref="PutAsset(AssetRef, string, ReadOnlySpan{byte})"/> stores it, in one atomic batch.
    /// Empty data is skipped, as the put path skips it.
    /// </summary>
    /// <exception cref="StorageException">
    /// ReadOnly; NotFound: no such sync; InvalidArgument: an empty id; AlreadyExists: the asset is stored;
    /// ResourceExhausted: more than <see cref="SyncStoreOptions.MaxAssetBytes"/>.
    /// </exception>
    public void ImportAsset(string syncId, TransferAsset asset)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ImportAsset, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(asset);
        ThrowIfNotWritable();
        Ksuid sync = ExistingSync(syncId);
        string id = RequireId(asset.ExternalId, "asset");
        if (asset.Data.IsEmpty)
        {
            return;
        }

        CheckAssetLength(id, asset.Data.Length);
        using KeyBuilder keys = new();
        byte[] key = keys.Begin(Keyspace.Asset, sync).Append(id).ToArray();
        if (Db.Get(key) is not null)
        {
            SyncErrors.AlreadyExists($"asset '{id}' is already stored in sync '{syncId}'");
        }

        using WriteBatch batch = new();
        int chunks = AddAssetChunks(batch, keys, sync, id, asset.Data.Span);
        AssetHeader header = new()
        {
            ContentType = asset.ContentType,
            DiscoveredAtUnixNanos = asset.DiscoveredAtUnixNanos,
            Length = asset.Data.Length,
            ChunkCount = chunks,
        };
        batch.Put(key, RecordSerializer.Serialize(header));
        Db.Write(batch);
        MarkDirty();
    }

    /// <summary>Stores the session entries <paramref name="values"/> (full keys, no prefix) of sync <paramref name="syncId"/> in one atomic batch.</summary>
    /// <exception cref="StorageException">ReadOnly; NotFound: no such sync; InvalidArgument: an oversized key.</exception>
    public void ImportSessions(string syncId, IReadOnlyList<KeyValuePair<string, byte[]>> values)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ImportSessions, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ArgumentNullException.ThrowIfNull(values);
        ThrowIfNotWritable();
        Ksuid sync = ExistingSync(syncId);
        using KeyBuilder keys = new();
        using WriteBatch batch = new();
        foreach (KeyValuePair<string, byte[]> entry in values)
        {
            ArgumentNullException.ThrowIfNull(entry.Key, nameof(values));
            byte[] value = entry.Value ?? throw new ArgumentException($"The value of '{entry.Key}' is null.", nameof(values));
            batch.Put(SessionKey(keys, sync, "", entry.Key), RecordSerializer.Serialize(new SessionValue { Value = value }));
        }

        if (batch.Count > 0)
        {
            Db.Write(batch);
            MarkDirty();
        }
    }

    /// <summary>Every sync run as stored, oldest first (creation order).</summary>
    public IEnumerable<TransferRun> ExportRuns()
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ExportRuns);
        ThrowIfClosed();
        return ExportRunRows();
    }

    private IEnumerable<TransferRun> ExportRunRows()
    {
        foreach ((Ksuid id, SyncRunRecord run) in RunsInCreationOrder())
        {
            yield return SyncRunViews.ToTransfer(run, CachedStats(id, run));
        }
    }

    /// <summary>Every row of <paramref name="table"/> in sync <paramref name="syncId"/> as stored, in key order, from one snapshot.</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    /// <exception cref="CorruptionException">A stored key or value does not parse.</exception>
    public IEnumerable<TransferRecord> ExportRecords(string syncId, RecordTable table)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ExportRecords, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        Keyspace keyspace = TransferRows.KeyspaceOf(table);
        Ksuid sync = ExistingSync(syncId);
        return ExportRecords(sync, keyspace, table);
    }

    private IEnumerable<TransferRecord> ExportRecords(Ksuid sync, Keyspace keyspace, RecordTable table)
    {
        using Snapshot snapshot = Db.GetSnapshot();
        foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(SyncKeys.SyncRange(keyspace, sync), snapshot))
        {
            string id = PrimaryId(entry.Key);
            EntityRecord record = ParseRecord(entry.Key, entry.Value, keyspace);
            yield return TransferRows.ToTransfer(table, id, record);
        }
    }

    /// <summary>Every asset of sync <paramref name="syncId"/> as stored, in key order, from one snapshot; each read whole.</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    /// <exception cref="CorruptionException">A header does not parse or a chunk is missing.</exception>
    public IEnumerable<TransferAsset> ExportAssets(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ExportAssets, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        return ExportAssets(ExistingSync(syncId));
    }

    private IEnumerable<TransferAsset> ExportAssets(Ksuid sync)
    {
        using Snapshot snapshot = Db.GetSnapshot();
        using KeyBuilder keys = new();
        foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(SyncKeys.SyncRange(Keyspace.Asset, sync), snapshot))
        {
            string id = PrimaryId(entry.Key);
            AssetHeader header = ParseAssetHeader(entry.Key, entry.Value);
            byte[] data = new byte[header.Length];
            for (int chunk = 0; chunk < header.ChunkCount; chunk++)
            {
                int offset = chunk * SyncKeys.AssetChunkBytes;
                int expected = (int)Math.Min(SyncKeys.AssetChunkBytes, header.Length - offset);
                ReadOnlySpan<byte> key = keys.Begin(Keyspace.AssetChunk, sync).Append(id).Append(chunk).Key;
                if (!Db.TryGet(key, data.AsSpan(offset, expected), out int length, snapshot) || length != expected)
                {
                    SyncErrors.CorruptValue(_path, key, $"asset '{id}' lacks chunk {chunk} of {expected} bytes");
                }
            }

            yield return new TransferAsset { ExternalId = id, ContentType = header.ContentType, Data = data, DiscoveredAtUnixNanos = header.DiscoveredAtUnixNanos };
        }
    }

    /// <summary>Every session entry of sync <paramref name="syncId"/> (full key, value), in key order, from one snapshot.</summary>
    /// <exception cref="StorageException">NotFound: no such sync.</exception>
    public IEnumerable<KeyValuePair<string, byte[]>> ExportSessions(string syncId)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.ExportSessions, syncId);
        ArgumentNullException.ThrowIfNull(syncId);
        ThrowIfClosed();
        return ExportSessions(ExistingSync(syncId));
    }

    private IEnumerable<KeyValuePair<string, byte[]>> ExportSessions(Ksuid sync)
    {
        using Snapshot snapshot = Db.GetSnapshot();
        foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(SyncKeys.SyncRange(Keyspace.Session, sync), snapshot))
        {
            yield return new KeyValuePair<string, byte[]>(SessionKeyName(entry.Key, ""), ParseSessionValue(entry.Key, entry.Value));
        }
    }

    /// <summary>The id of a primary key (one string element after the sync prefix); corruption when it is not one.</summary>
    private string PrimaryId(byte[] key)
    {
        TupleReader reader = new(key.AsSpan(SyncKeys.SyncPrefixLength));
        if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
        {
            SyncErrors.CorruptValue(_path, key, "a primary key does not start with a string id");
        }

        return reader.GetString();
    }
}
