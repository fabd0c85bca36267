using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Blobs.Files;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Reading blobs: streams, metadata, listing.</summary>
public sealed partial class BlobStore
{
    /// <summary>
    /// Opens a blob, or a range of it, for reading. The stream is read-only and seekable (positions are relative to
    /// <paramref name="offset"/>), loads bytes only as they are read, and keeps reading the blob as it was when it
    /// opened even if the blob is deleted meanwhile. Reading the whole blob in order checks its SHA-256 at the end.
    /// </summary>
    /// <param name="id">The blob's id.</param>
    /// <param name="offset">The first byte of the range, in bytes from the start of the blob.</param>
    /// <param name="length">The length of the range in bytes; null for the rest of the blob.</param>
    /// <param name="cancellationToken">Not used: the open is synchronous underneath.</param>
    /// <returns>The stream (dispose it), or null when there is no such blob.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range is negative or runs past the end of the blob.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="CorruptionException">The blob's records or file are damaged (also thrown by the stream's reads).</exception>
    public ValueTask<Stream?> OpenReadAsync(string id, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "a non-negative length");
        }

        _store.ThrowIfDisposed();
#pragma warning disable CA2000 // Ownership of the snapshot and the source passes to the returned stream, which disposes both.
        return ValueTask.FromResult<Stream?>(OpenRead(id, offset, length));
    }

    private BlobReadStream? OpenRead(string id, long offset, long? length)
    {
        byte[] key = BlobKeys.Manifest(id);
        Snapshot? snapshot = Database.GetSnapshot();
        BlobSource? source = null;
        try
        {
            BlobManifestRecord? manifest = GetManifest(key, snapshot);
            if (manifest is null)
            {
                return null;
            }

            BlobBody body = BlobRecords.BodyOf(manifest);
            if (offset > body.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, $"at most the blob's size, {body.Size}");
            }

            long rangeLength = length ?? (body.Size - offset);
            if (rangeLength > body.Size - offset)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, $"at most {body.Size - offset}, the bytes after the offset");
            }

            switch (body.Kind)
            {
                case BlobStorageKind.Inline:
                    source = new InlineBlobSource(body.Inline!);
                    break;
                case BlobStorageKind.Chunks:
                    source = new ChunkBlobSource(Database, snapshot, ownsSnapshot: true, StoreName, body);
                    snapshot = null;
                    break;
                default:
                    source = OpenFileSource(key, body);
                    if (source is null)
                    {
                        return null;
                    }

                    break;
            }

            BlobReadStream stream = new(source, offset, rangeLength, body.Sha256, StoreName, key);
            source = null;
            return stream;
        }
        finally
        {
            source?.Dispose();
            snapshot?.Dispose();
        }
    }
#pragma warning restore CA2000

    /// <summary>The metadata of a blob.</summary>
    /// <param name="id">The blob's id.</param>
    /// <param name="cancellationToken">Not used: the read is synchronous underneath.</param>
    /// <returns>The metadata, or null when there is no such blob.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="CorruptionException">The manifest is damaged.</exception>
    public ValueTask<BlobMetadata?> GetMetadataAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _store.ThrowIfDisposed();
        BlobManifestRecord? manifest = GetManifest(BlobKeys.Manifest(id));
        return ValueTask.FromResult(manifest is null ? null : MetadataOf(id, manifest));
    }

    /// <summary>Every blob's metadata, in id order (ids are time-ordered, so roughly oldest first), as of one snapshot.</summary>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="CorruptionException">A manifest is damaged.</exception>
    public async IAsyncEnumerable<BlobMetadata> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _store.ThrowIfDisposed();
        using Snapshot snapshot = Database.GetSnapshot();
        foreach (KeyValuePair<byte[], byte[]> entry in Database.Scan(BlobKeys.Manifests, snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = BlobKeys.FirstString(entry.Key);
            yield return MetadataOf(id, BlobRecords.ParseManifest(StoreName, entry.Key, entry.Value));
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the blob file of a file body while holding its content lock, so a concurrent delete cannot remove the file
    /// between the manifest read and the open; an open file stays readable after its name is deleted. Null when the
    /// blob was deleted meanwhile.
    /// </summary>
    private FileBlobSource? OpenFileSource(byte[] manifestKey, BlobBody body)
    {
        string path = _paths.ContentFile(body.Sha256);
        using (Locks.Acquire(BlobKeys.Content(body.Sha256)))
        {
            if (Database.Get(manifestKey) is null)
            {
                return null;
            }

            BlobFileReader reader;
            try
            {
#pragma warning disable CA2000 // Disposed below on a mismatch; otherwise the returned source owns it.
                reader = BlobFileReader.Open(FileSystem, path);
#pragma warning restore CA2000
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound)
            {
                throw new CorruptionException(path, 0, "the blob file is missing", ex);
            }

            if (reader.Length != body.Size || !reader.Sha256.SequenceEqual(body.Sha256))
            {
                reader.Dispose();
                throw new CorruptionException(path, 0, $"the blob file holds {reader.Length} bytes of another content than its manifest names");
            }

            return new FileBlobSource(reader);
        }
    }
}
