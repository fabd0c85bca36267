using System;
using System.Buffers;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>
/// A chunked body read through a snapshot taken when the stream opened, so a delete or compaction meanwhile changes
/// nothing it reads. The engine checks its block checksums on every read; this checks each chunk's presence and length.
/// </summary>
/// <remarks>One reader at a time: it caches the last chunk in one pooled buffer. Dispose releases the snapshot.</remarks>
internal sealed class ChunkBlobSource : BlobSource
{
    private readonly Database _database;
    private readonly Snapshot _snapshot;
    private readonly bool _ownsSnapshot;
    private readonly string _storeName;
    private readonly string _bodyId;
    private readonly int _chunkSize;
    private readonly long _length;
    private byte[]? _buffer;
    private long _cachedChunk = -1;

    public ChunkBlobSource(Database database, Snapshot snapshot, bool ownsSnapshot, string storeName, BlobBody body)
    {
        _database = database;
        _snapshot = snapshot;
        _ownsSnapshot = ownsSnapshot;
        _storeName = storeName;
        _bodyId = body.BodyId!;
        _chunkSize = body.ChunkSize;
        _length = body.Size;
        _buffer = ArrayPool<byte>.Shared.Rent(_chunkSize);
    }

    public override long Length => _length;

    public override int Read(long offset, Span<byte> destination)
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(ChunkBlobSource));
        long chunk = offset / _chunkSize;
        int expected = (int)Math.Min(_chunkSize, _length - (chunk * _chunkSize));
        if (chunk != _cachedChunk)
        {
            _cachedChunk = -1;
            byte[] key = BlobKeys.Chunk(_bodyId, chunk);
            if (!_database.TryGet(key, buffer, out int length, _snapshot))
            {
                throw new CorruptionException(_storeName, key, $"chunk {chunk} of a blob is missing");
            }

            if (length != expected)
            {
                throw new CorruptionException(_storeName, key, $"chunk {chunk} of a blob holds {length} bytes, not {expected}");
            }

            _cachedChunk = chunk;
        }

        int start = (int)(offset - (chunk * _chunkSize));
        int count = Math.Min(destination.Length, expected - start);
        buffer.AsSpan(start, count).CopyTo(destination);
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (_ownsSnapshot)
            {
                _snapshot.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
