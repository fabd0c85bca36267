using System;
using System.Buffers;
using Engine.Api.Sync.Keys;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Store;

/// <summary>
/// An asset's bytes as a read-only stream: chunk by chunk from one snapshot of the store, so at most one chunk
/// (<see cref="SyncKeys.AssetChunkBytes"/>) is in memory and a concurrent re-put never mixes two versions. Disposing
/// the stream releases the snapshot.
/// </summary>
/// <remarks>One reader at a time. Reads after the store is disposed throw <see cref="ObjectDisposedException"/>.</remarks>
internal sealed class AssetStream : ReadOnlyStream
{
    private readonly Database _db;
    private readonly Snapshot _snapshot;
    private readonly string _storePath;
    private readonly Ksuid _sync;
    private readonly string _id;
    private readonly long _length;
    private readonly int _chunkCount;
    private readonly KeyBuilder _keys = new();

    // The chunk being read (rented at the first read) and where in it the next byte is.
    private byte[]? _chunk;
    private int _chunkLength;
    private int _chunkOffset;
    private int _nextChunk;
    private long _position;
    private bool _disposed;

    /// <summary>Streams the asset <paramref name="id"/> of <paramref name="sync"/>; takes ownership of <paramref name="snapshot"/>.</summary>
    public AssetStream(Database db, Snapshot snapshot, string storePath, Ksuid sync, string id, long length, int chunkCount)
    {
        _db = db;
        _snapshot = snapshot;
        _storePath = storePath;
        _sync = sync;
        _id = id;
        _length = length;
        _chunkCount = chunkCount;
    }

    public override bool CanRead => !_disposed;

    /// <summary>The asset's length in bytes.</summary>
    public override long Length => _length;

    protected override long BytesRead => _position;

    /// <exception cref="CorruptionException">A chunk is missing or of the wrong length.</exception>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position == _length)
        {
            return 0;
        }

        if (_chunkOffset == _chunkLength)
        {
            LoadNextChunk();
        }

        int count = Math.Min(buffer.Length, _chunkLength - _chunkOffset);
        _chunk.AsSpan(_chunkOffset, count).CopyTo(buffer);
        _chunkOffset += count;
        _position += count;
        return count;
    }

    private void LoadNextChunk()
    {
        _chunk ??= ArrayPool<byte>.Shared.Rent(SyncKeys.AssetChunkBytes);
        int expected = (int)Math.Min(SyncKeys.AssetChunkBytes, _length - _position);
        ReadOnlySpan<byte> key = _keys.Begin(Keyspace.AssetChunk, _sync).Append(_id).Append(_nextChunk).Key;
        int length = 0;
        if (_nextChunk >= _chunkCount || !_db.TryGet(key, _chunk.AsSpan(0, SyncKeys.AssetChunkBytes), out length, _snapshot) || length != expected)
        {
            SyncErrors.CorruptValue(_storePath, key, $"asset '{_id}' lacks chunk {_nextChunk} of {expected} bytes");
        }

        _chunkLength = length;
        _chunkOffset = 0;
        _nextChunk++;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _snapshot.Dispose();
            _keys.Dispose();
            if (_chunk is not null)
            {
                ArrayPool<byte>.Shared.Return(_chunk);
                _chunk = null;
            }
        }

        base.Dispose(disposing);
    }
}
