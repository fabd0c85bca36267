using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Deleting blobs and dropping content references.</summary>
public sealed partial class BlobStore
{
    /// <summary>
    /// Deletes a blob. One batch removes the manifest and drops its reference on the content; the last reference takes
    /// the content record and the chunks (one range deletion, reclaimed by compaction) with it, and a blob file is
    /// deleted once that batch is committed. Streams open on the blob keep reading it.
    /// </summary>
    /// <param name="id">The blob's id.</param>
    /// <param name="cancellationToken">Not used: the delete is synchronous underneath.</param>
    /// <returns>True when the blob existed (once per blob); false otherwise.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">The store cannot write.</exception>
    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        _store.ThrowIfDisposed();
        byte[] manifestKey = BlobKeys.Manifest(id);
        BlobManifestRecord? manifest = GetManifest(manifestKey);
        if (manifest is null)
        {
            return ValueTask.FromResult(false);
        }

        byte[] contentKey = BlobKeys.Content(manifest.Sha256);
        string? fileToDelete = null;
        using (Locks.AcquireAll([manifestKey, contentKey]))
        {
            // Re-read under the locks: a concurrent delete of the same id may have won.
            manifest = GetManifest(manifestKey);
            if (manifest is null)
            {
                return ValueTask.FromResult(false);
            }

            using WriteBatch batch = new();
            batch.Delete(manifestKey);
            if (manifest.Storage != (int)BlobStorageKind.Inline)
            {
                fileToDelete = DropReference(batch, contentKey, manifest.Sha256);
            }

            Database.Write(batch, Durability);
            if (fileToDelete is not null)
            {
                // Still under the content lock: a put of the same bytes cannot place a new file here before this goes.
                TryDeleteFile(fileToDelete);
            }
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// Adds the release of one reference on a content record to <paramref name="batch"/>; at zero the record and its
    /// chunks go. Returns the blob file to delete after the commit, if any. The caller holds the content lock.
    /// </summary>
    private string? DropReference(WriteBatch batch, byte[] contentKey, byte[] sha256)
    {
        BlobContentRecord? content = GetContent(contentKey);
        if (content is null)
        {
            // A manifest without its content record: nothing else to release.
            return null;
        }

        if (content.References > 1)
        {
            content.References--;
            batch.Put(contentKey, BlobRecords.Serialize(content));
            return null;
        }

        batch.Delete(contentKey);
        if (content.Storage == (int)BlobStorageKind.Chunks)
        {
            (byte[] start, byte[] end) = BlobKeys.ChunkRange(content.BodyId!);
            batch.DeleteRange(start, end);
            return null;
        }

        return _paths.ContentFile(sha256);
    }
}
