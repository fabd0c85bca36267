using System;
using System.Buffers;
using System.IO;
using C1.Connector.V2;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// Assets (shared/spec/baton-storage.md, sections 1.4 and 1.7): a header under the Asset key and the bytes in chunks of
/// at most <see cref="SyncKeys.AssetChunkBytes"/> under AssetChunk keys, so no asset passes through the memtable as
/// one value, and reads stream chunk by chunk.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The content type stored for an empty one, as the reference.</summary>
    internal const string UnknownContentType = "unknown";

    /// <summary>
    /// Stores an asset in the current sync, in one atomic batch. Empty data is skipped; an empty content type is stored
    /// as <c>"unknown"</c>; a second put of the same id replaces the bytes and keeps the first content type.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="contentType"/> is null.</exception>
    /// <exception cref="StorageException">
    /// ReadOnly; FailedPrecondition: no current sync; InvalidArgument: no asset or an empty id; ResourceExhausted: more
    /// than <see cref="SyncStoreOptions.MaxAssetBytes"/> (nothing is written).
    /// </exception>
    public void PutAsset(AssetRef asset, string contentType, ReadOnlySpan<byte> data)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.PutAsset);
        ArgumentNullException.ThrowIfNull(contentType);
        Ksuid sync = RequireWriteSync();
        string id = RequireAssetId(asset);
        if (data.IsEmpty)
        {
            return;
        }

        CheckAssetLength(id, data.Length);
        using KeyBuilder keys = new();
        using WriteBatch batch = new();
        int chunks = AddAssetChunks(batch, keys, sync, id, data);
        CommitAsset(batch, keys, sync, id, contentType, data.Length, chunks);
    }

    /// <summary>
    /// Stores an asset read from <paramref name="data"/> to its end, as <see cref="PutAsset(AssetRef, string, ReadOnlySpan{byte})"/>:
    /// the stream is measured as it is read, and nothing is committed until the whole asset is read and fits.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="contentType"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="StorageException">As the span overload.</exception>
    public void PutAsset(AssetRef asset, string contentType, Stream data)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.PutAsset);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(data);
        Ksuid sync = RequireWriteSync();
        string id = RequireAssetId(asset);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(SyncKeys.AssetChunkBytes);
        try
        {
            using KeyBuilder keys = new();
            using WriteBatch batch = new();
            long length = 0;
            int chunks = 0;
            int read;
            do
            {
                // Full chunks but the last: the reader finds chunk i at byte i * AssetChunkBytes.
                read = data.ReadAtLeast(buffer.AsSpan(0, SyncKeys.AssetChunkBytes), SyncKeys.AssetChunkBytes, throwOnEndOfStream: false);
                if (read > 0)
                {
                    length += read;
                    CheckAssetLength(id, length);
                    batch.Put(keys.Begin(Keyspace.AssetChunk, sync).Append(id).Append(chunks++).Key, buffer.AsSpan(0, read));
                }
            }
            while (read == SyncKeys.AssetChunkBytes);

            if (length > 0)
            {
                CommitAsset(batch, keys, sync, id, contentType, length, chunks);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// An asset's content type and bytes: from the current sync when one is bound, else from the first sync (in creation
    /// order) that has it. The stream reads chunk by chunk from a snapshot taken now; dispose it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="StorageException">InvalidArgument: no asset or an empty id; NotFound.</exception>
    public AssetContent GetAsset(GetAssetRequest request)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.GetAsset, request);
        ArgumentNullException.ThrowIfNull(request);
        string id = RequireAssetId(request.Asset);
        ThrowIfClosed();
        Ksuid? current;
        lock (_stateLock)
        {
            current = _current;
        }

        Snapshot? snapshot = Db.GetSnapshot();
        try
        {
            if (FindAsset(current, id, snapshot) is (Ksuid sync, AssetHeader header))
            {
#pragma warning disable CA2000 // Ownership passes to the caller: disposing the AssetContent disposes the stream, and it the snapshot.
                AssetContent content = new(header.ContentType, new AssetStream(Db, snapshot, _path, sync, id, header.Length, header.ChunkCount));
#pragma warning restore CA2000
                snapshot = null;
                return content;
            }
        }
        finally
        {
            snapshot?.Dispose();
        }

        SyncErrors.NotFound($"error fetching asset '{id}': not found");
        return null;
    }

    /// <summary>The sync holding asset <paramref name="id"/> as of <paramref name="snapshot"/> (the current one, else the first that has it) and its header; null when none.</summary>
    private (Ksuid Sync, AssetHeader Header)? FindAsset(Ksuid? current, string id, Snapshot snapshot)
    {
        using KeyBuilder keys = new();
        if (current is Ksuid sync)
        {
            return TryGetAssetHeader(keys, sync, id, snapshot) is { } header ? (sync, header) : null;
        }

        foreach ((Ksuid any, _) in RunsInCreationOrder())
        {
            if (TryGetAssetHeader(keys, any, id, snapshot) is { } header)
            {
                return (any, header);
            }
        }

        return null;
    }

    private AssetHeader? TryGetAssetHeader(KeyBuilder keys, Ksuid sync, string id, Snapshot snapshot)
    {
        ReadOnlySpan<byte> key = keys.Begin(Keyspace.Asset, sync).Append(id).Key;
        byte[]? value = Db.Get(key, snapshot);
        return value is null ? null : ParseAssetHeader(key, value);
    }

    /// <summary>Adds the chunks of <paramref name="data"/> to <paramref name="batch"/>: full chunks but the last; returns their count.</summary>
    private static int AddAssetChunks(WriteBatch batch, KeyBuilder keys, Ksuid sync, string id, ReadOnlySpan<byte> data)
    {
        int chunks = 0;
        for (int offset = 0; offset < data.Length; offset += SyncKeys.AssetChunkBytes)
        {
            batch.Put(keys.Begin(Keyspace.AssetChunk, sync).Append(id).Append(chunks++).Key, data.Slice(offset, Math.Min(SyncKeys.AssetChunkBytes, data.Length - offset)));
        }

        return chunks;
    }

    /// <summary>
    /// Adds the header to the batch (keeping an existing asset's content type and discovered_at), deletes the chunks an
    /// earlier, longer version left beyond the new ones, and commits.
    /// </summary>
    private void CommitAsset(WriteBatch batch, KeyBuilder keys, Ksuid sync, string id, string contentType, long length, int chunks)
    {
        byte[] key = keys.Begin(Keyspace.Asset, sync).Append(id).ToArray();
        byte[]? existing = Db.Get(key);
        AssetHeader header = existing is null
            ? new AssetHeader { ContentType = contentType.Length == 0 ? UnknownContentType : contentType, DiscoveredAtUnixNanos = NowUnixNanos() }
            : ParseAssetHeader(key, existing);
        for (int surplus = chunks; surplus < header.ChunkCount; surplus++)
        {
            batch.Delete(keys.Begin(Keyspace.AssetChunk, sync).Append(id).Append(surplus).Key);
        }

        header.Length = length;
        header.ChunkCount = chunks;
        batch.Put(key, RecordSerializer.Serialize(header));
        Db.Write(batch);
        _telemetry.RecordsWritten(RecordKind.Asset, 1, length);
        MarkDirty();
    }

    /// <summary>A stored asset header; corruption naming the key when it does not parse or its chunk count does not fit its length.</summary>
    private AssetHeader ParseAssetHeader(ReadOnlySpan<byte> key, byte[] value)
    {
        if (!RecordSerializer.TryDeserialize(value, out AssetHeader? header) || header!.FormatVersion != AssetHeader.CurrentVersion ||
            header.Length <= 0 || header.ChunkCount != (header.Length + SyncKeys.AssetChunkBytes - 1) / SyncKeys.AssetChunkBytes)
        {
            SyncErrors.CorruptValue(_path, key, "the asset header does not parse as version " + AssetHeader.CurrentVersion);
        }

        return header;
    }

    private static string RequireAssetId(AssetRef? asset)
    {
        if (asset is null || string.IsNullOrEmpty(asset.Id))
        {
            SyncErrors.InvalidArgument("an asset needs a non-empty id");
        }

        return asset.Id;
    }

    private void CheckAssetLength(string id, long length)
    {
        if (length > _options.MaxAssetBytes)
        {
            SyncErrors.ResourceExhausted($"asset '{id}' exceeds the limit of {_options.MaxAssetBytes} bytes");
        }
    }
}
