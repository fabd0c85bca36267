using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Putting a blob, and the commit that makes a staged body a blob.</summary>
public sealed partial class BlobStore
{
    /// <summary>
    /// Stores the bytes of <paramref name="source"/>, read to its end, as a new blob. The source may be non-seekable; the
    /// memory used does not grow with its length. The blob becomes visible only once all of it is durable.
    /// </summary>
    /// <param name="source">The bytes; read from its current position to its end, not disposed.</param>
    /// <param name="contentType">A media type to keep with the blob, or null.</param>
    /// <param name="custom">The caller's own metadata (at most 128 entries and 16 KiB of UTF-8), or null.</param>
    /// <param name="cancellationToken">Cancels the read of the source; a cancelled put leaves nothing visible.</param>
    /// <returns>The new blob's metadata, with its id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not readable, or the metadata breaks a limit.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">The store cannot write (I/O failure, a full disk).</exception>
    public async ValueTask<BlobMetadata> PutAsync(
        Stream source,
        string? contentType = null,
        IReadOnlyDictionary<string, string>? custom = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.CanRead)
        {
            throw new ArgumentException("The source stream is not readable.", nameof(source));
        }

        Dictionary<string, string>? checkedCustom = BlobMetadataRules.Check(contentType, custom);
        _store.ThrowIfDisposed();
        StagedBody staged = await StageAsync(source, cancellationToken).ConfigureAwait(false);
        return Commit(staged, contentType, checkedCustom);
    }

    /// <summary>
    /// Commits a staged body as a new blob: one batch writes the manifest and takes a reference on the content record
    /// (creating it and moving a file body to its content address when the content is new, dropping the staged copy
    /// when it is stored already), plus what <paramref name="extra"/> adds; <paramref name="extra"/> runs under the
    /// content lock and <paramref name="lockKey"/>'s, may throw to abandon the commit, and returns files to delete once
    /// the batch is committed. After a failed write nothing is cleaned up here: the batch may yet be durable, so the
    /// next open decides from what survived.
    /// </summary>
    private BlobMetadata Commit(
        StagedBody staged,
        string? contentType,
        Dictionary<string, string>? custom,
        byte[]? lockKey = null,
        Func<WriteBatch, List<string>?>? extra = null)
    {
        DateTimeOffset now = Now;
        string id = BlobIds.New(now);
        byte[] manifestKey = BlobKeys.Manifest(id);
        BlobBody body = staged.Body;
        bool inline = body.Kind == BlobStorageKind.Inline;
        byte[] contentKey = BlobKeys.Content(body.Sha256);
        byte[][] lockKeys = lockKey is null ? [contentKey] : [contentKey, lockKey];
        bool duplicate = false;
        List<string>? filesToDelete;
        BlobManifestRecord manifest;
        using (Locks.AcquireAll(lockKeys))
        {
            bool attempted = false;
            string? placed = null;
            try
            {
                using WriteBatch batch = new();
                BlobBody stored = body;
                if (!inline)
                {
                    BlobContentRecord? content = GetContent(contentKey);
                    duplicate = content is not null;
                    if (content is not null)
                    {
                        stored = BlobRecords.BodyOf(content, body.Sha256);
                        content.References++;
                        AddDiscard(batch, body.BodyId!);
                    }
                    else
                    {
                        if (body.Kind == BlobStorageKind.File)
                        {
                            placed = _paths.ContentFile(body.Sha256);
                            PlaceFile(staged.TempFile!, placed);
                            stored = body with { BodyId = null };
                        }

                        // A file body may have staged chunks before it passed the threshold: their marker goes too.
                        batch.Delete(BlobKeys.Staging(body.BodyId!));
                        content = new BlobContentRecord { References = 1, Size = stored.Size, Storage = (int)stored.Kind, BodyId = stored.BodyId, ChunkSize = stored.ChunkSize };
                    }

                    batch.Put(contentKey, BlobRecords.Serialize(content));
                }

                manifest = ManifestOf(stored, contentType, custom, now);
                batch.Put(manifestKey, BlobRecords.Serialize(manifest));
                filesToDelete = extra?.Invoke(batch);
                attempted = true;
                Database.Write(batch, Durability);
            }
            catch when (!attempted)
            {
                if (!inline)
                {
                    // Nothing was written, and no content record names the placed file (checked under the lock).
                    TryDiscard(body.BodyId!, staged: true, placed ?? staged.TempFile);
                }

                throw;
            }
        }

        if (duplicate && staged.TempFile is not null)
        {
            TryDeleteFile(staged.TempFile);
        }

        foreach (string file in filesToDelete ?? [])
        {
            TryDeleteFile(file);
        }

        return MetadataOf(id, manifest);
    }

    private static BlobManifestRecord ManifestOf(BlobBody body, string? contentType, Dictionary<string, string>? custom, DateTimeOffset now) => new()
    {
        Size = body.Size,
        ContentType = contentType,
        CreatedAt = now.ToUnixTimeMilliseconds(),
        ModifiedAt = now.ToUnixTimeMilliseconds(),
        Sha256 = body.Sha256,
        Storage = (int)body.Kind,
        Inline = body.Inline,
        BodyId = body.BodyId,
        ChunkSize = body.ChunkSize,
        Custom = custom,
    };

    private static BlobMetadata MetadataOf(string id, BlobManifestRecord manifest) => new(
        id,
        manifest.Size,
        manifest.ContentType,
        DateTimeOffset.FromUnixTimeMilliseconds(manifest.CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(manifest.ModifiedAt),
        Convert.ToHexStringLower(manifest.Sha256),
        manifest.Custom is null ? s_noCustom : new Dictionary<string, string>(manifest.Custom, StringComparer.Ordinal).AsReadOnly());

    private static readonly IReadOnlyDictionary<string, string> s_noCustom = new Dictionary<string, string>().AsReadOnly();

    private BlobContentRecord? GetContent(byte[] contentKey)
    {
        byte[]? stored = Database.Get(contentKey);
        return stored is null ? null : BlobRecords.ParseContent(StoreName, contentKey, stored);
    }

    private BlobManifestRecord? GetManifest(byte[] manifestKey, Snapshot? snapshot = null)
    {
        byte[]? stored = Database.Get(manifestKey, snapshot);
        return stored is null ? null : BlobRecords.ParseManifest(StoreName, manifestKey, stored);
    }

    /// <summary>
    /// Deletes a file that nothing refers to; what fails here, garbage collection at open removes. Under the store's
    /// blob-file gate, so that a checkpoint never loses a file its engine checkpoint still references.
    /// </summary>
    private void TryDeleteFile(string path)
    {
        try
        {
            lock (_store.BlobFileGate)
            {
                FileSystem.Delete(path);
            }
        }
        catch (StorageException)
        {
            // Left for the next open.
        }
    }
}
