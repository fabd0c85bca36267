using System;
using System.IO;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// Assets (shared/spec/baton-storage.md, sections 1.4 and 1.7): <c>v1_assets</c> rows keyed by (external_id, sync_id);
/// empty data skipped, an empty content type stored as <c>"unknown"</c>, a conflict replacing only the bytes.
/// </summary>
public sealed partial class SqliteSyncStore
{
    private const string UnknownContentType = "unknown";

    /// <summary>Stores an asset in the current sync (see <see cref="Engine.Api.Sync.ISyncWriter.PutAsset(AssetRef, string, ReadOnlySpan{byte})"/>).</summary>
    /// <exception cref="StorageException">ReadOnly; FailedPrecondition: no current sync; InvalidArgument: no asset id; ResourceExhausted: too large.</exception>
    public void PutAsset(AssetRef asset, string contentType, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        lock (_lock)
        {
            string sync = RequireWriteSyncLocked();
            string id = RequireAssetId(asset);
            if (data.IsEmpty)
            {
                return;
            }

            CheckAssetLength(id, data.Length);
            _sql.Execute(
                "INSERT INTO v1_assets (external_id, content_type, data, sync_id, discovered_at) VALUES ($0, $1, $2, $3, $4) " +
                "ON CONFLICT (external_id, sync_id) DO UPDATE SET data = excluded.data",
                id, contentType.Length == 0 ? UnknownContentType : contentType, data.ToArray(), sync, NowText());
            _dirty = true;
        }
    }

    /// <summary>Stores an asset read from <paramref name="data"/> to its end, as the span overload.</summary>
    public void PutAsset(AssetRef asset, string contentType, Stream data)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(data);
        lock (_lock)
        {
            RequireWriteSyncLocked();
            string id = RequireAssetId(asset);
            using MemoryStream buffer = new();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = data.Read(chunk)) > 0)
            {
                CheckAssetLength(id, buffer.Length + read);
                buffer.Write(chunk, 0, read);
            }

            PutAsset(asset, contentType, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
    }

    /// <summary>An asset's content type and bytes: from the current sync when one is bound, else the first match of any sync.</summary>
    /// <exception cref="StorageException">InvalidArgument: no asset id; NotFound.</exception>
    public AssetContent GetAsset(GetAssetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string id = RequireAssetId(request.Asset);
        lock (_lock)
        {
            ThrowIfClosedLocked();
            using SqliteDataReader reader = _current is string current
                ? _sql.Query("SELECT content_type, data FROM v1_assets WHERE external_id = $0 AND sync_id = $1 LIMIT 1", id, current)
                : _sql.Query(
                    "SELECT a.content_type, a.data FROM v1_assets a JOIN v1_sync_runs r ON r.sync_id = a.sync_id WHERE a.external_id = $0 ORDER BY r.id LIMIT 1", id);
            if (reader.Read())
            {
                return new AssetContent(reader.GetString(0), new MemoryStream((byte[])reader.GetValue(1), writable: false));
            }
        }

        SyncErrors.NotFound($"error fetching asset '{id}': not found");
        return null;
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
