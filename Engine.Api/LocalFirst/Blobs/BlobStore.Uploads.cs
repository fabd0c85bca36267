using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Blobs.Files;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Multipart uploads: create, upload parts in any order, complete or abort.</summary>
/// <remarks>
/// Every change to an upload's parts (a part's commit, completion, abort) holds the upload's lock while it writes, so
/// they apply one at a time. A part is stored like a blob body (inline, chunks, or a file <c>blobs/parts/bodyId</c>);
/// completion streams the parts in part-number order into a new body, so memory stays bounded, and one batch commits
/// the blob and deletes every part record. Uploads that are never completed or aborted stay until aborted.
/// </remarks>
public sealed partial class BlobStore
{
    /// <summary>The highest part number, as in S3.</summary>
    public const int MaxPartNumber = 10_000;

    /// <summary>Starts a multipart upload; the blob it completes into carries this metadata.</summary>
    /// <param name="contentType">A media type to keep with the blob, or null.</param>
    /// <param name="custom">The caller's own metadata (same limits as <see cref="PutAsync"/>), or null.</param>
    /// <param name="cancellationToken">Not used: the write is synchronous underneath.</param>
    /// <returns>The upload's id.</returns>
    /// <exception cref="ArgumentException">The metadata breaks a limit.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">The store cannot write.</exception>
    public ValueTask<string> CreateUploadAsync(string? contentType = null, IReadOnlyDictionary<string, string>? custom = null, CancellationToken cancellationToken = default)
    {
        Dictionary<string, string>? checkedCustom = BlobMetadataRules.Check(contentType, custom);
        _store.ThrowIfDisposed();
        DateTimeOffset now = Now;
        string uploadId = BlobIds.New(now);
        UploadRecord record = new() { ContentType = contentType, CreatedAt = now.ToUnixTimeMilliseconds(), Custom = checkedCustom };
        Database.Put(BlobKeys.Upload(uploadId), BlobRecords.Serialize(record), Durability);
        return ValueTask.FromResult(uploadId);
    }

    /// <summary>
    /// Uploads one part, streamed like <see cref="PutAsync"/>. Parts may come in any order; uploading a number again
    /// replaces that part.
    /// </summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="partNumber">The part's number, 1 to <see cref="MaxPartNumber"/>; parts are joined in this order.</param>
    /// <param name="data">The part's bytes, read to the end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read of <paramref name="data"/>.</param>
    /// <returns>The part's etag: the SHA-256 of its bytes in lowercase hex.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is empty, or <paramref name="data"/> is not readable.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partNumber"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">No such upload (NotFound), or the store cannot write.</exception>
    public async ValueTask<string> UploadPartAsync(string uploadId, int partNumber, Stream data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, MaxPartNumber);
        ArgumentNullException.ThrowIfNull(data);
        if (!data.CanRead)
        {
            throw new ArgumentException("The part stream is not readable.", nameof(data));
        }

        _store.ThrowIfDisposed();
        byte[] uploadKey = BlobKeys.Upload(uploadId);
        GetUpload(uploadId, uploadKey);
        StagedBody staged = await StageAsync(data, cancellationToken).ConfigureAwait(false);
        CommitPart(uploadId, uploadKey, partNumber, staged);
        return staged.Body.Sha256Hex;
    }

    /// <summary>
    /// Completes an upload: checks every named part and its etag, joins the parts in part-number order into a new blob,
    /// and in one batch commits the blob and deletes every part of the upload (parts not named are dropped).
    /// </summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="parts">The parts to join, each with the etag its upload returned; in any order, each number once.</param>
    /// <param name="cancellationToken">Cancels the join; a cancelled completion leaves the upload as it was.</param>
    /// <returns>The new blob's metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is empty, <paramref name="parts"/> is empty or names a number twice, or an etag is null.</exception>
    /// <exception cref="UploadPartException">A named part is missing or its etag does not match.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">No such upload (NotFound), the upload changed during completion (Conflict), or the store cannot write.</exception>
    /// <exception cref="CorruptionException">A part's stored bytes are damaged.</exception>
    public async ValueTask<BlobMetadata> CompleteUploadAsync(string uploadId, IReadOnlyList<(int PartNumber, string ETag)> parts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        List<(int PartNumber, string ETag)> ordered = CheckPartList(parts);
        _store.ThrowIfDisposed();
        byte[] uploadKey = BlobKeys.Upload(uploadId);
        UploadRecord upload = GetUpload(uploadId, uploadKey);
        using Snapshot snapshot = Database.GetSnapshot();
        Dictionary<int, UploadPartRecord> stored = ReadParts(uploadId, snapshot);
        List<Func<Stream>> sources = new(ordered.Count);
        foreach ((int number, string etag) in ordered)
        {
            if (!stored.TryGetValue(number, out UploadPartRecord? part))
            {
                throw new UploadPartException(uploadId, number, UploadPartProblem.Missing);
            }

            if (!etag.Equals(Convert.ToHexStringLower(part.Sha256), StringComparison.OrdinalIgnoreCase))
            {
                throw new UploadPartException(uploadId, number, UploadPartProblem.ETagMismatch);
            }

            byte[] partKey = BlobKeys.UploadPart(uploadId, number);
            sources.Add(() => OpenPart(partKey, BlobRecords.BodyOf(part), snapshot));
        }

        StagedBody staged;
        using (ConcatenatedStream joined = new(sources))
        {
            staged = await StageAsync(joined, cancellationToken).ConfigureAwait(false);
        }

        return Commit(staged, upload.ContentType, upload.Custom, uploadKey, batch =>
        {
            // Under the upload's lock: the parts joined must still be the parts stored.
            GetUpload(uploadId, uploadKey);
            Dictionary<int, UploadPartRecord> current = ReadParts(uploadId, null);
            foreach ((int number, _) in ordered)
            {
                if (!current.TryGetValue(number, out UploadPartRecord? now) || !now.Sha256.AsSpan().SequenceEqual(stored[number].Sha256)
                    || now.BodyId != stored[number].BodyId)
                {
                    throw new StorageException(StorageErrorCode.Conflict, $"part {number} of upload '{uploadId}' changed while the upload completed");
                }
            }

            return RemoveUpload(batch, uploadId, uploadKey, current.Values);
        });
    }

    /// <summary>Aborts an upload: one batch deletes it and every part record and chunk; part files go after it.</summary>
    /// <param name="uploadId">The upload.</param>
    /// <param name="cancellationToken">Not used: the delete is synchronous underneath.</param>
    /// <returns>True when the upload existed; false otherwise.</returns>
    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    /// <exception cref="StorageException">The store cannot write.</exception>
    public ValueTask<bool> AbortUploadAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        _store.ThrowIfDisposed();
        return ValueTask.FromResult(AbortUpload(uploadId));
    }

    private bool AbortUpload(string uploadId)
    {
        byte[] uploadKey = BlobKeys.Upload(uploadId);
        List<string> files;
        using (Locks.Acquire(uploadKey))
        {
            if (Database.Get(uploadKey) is null)
            {
                return false;
            }

            using WriteBatch batch = new();
            files = RemoveUpload(batch, uploadId, uploadKey, ReadParts(uploadId, null).Values);
            Database.Write(batch, Durability);
        }

        foreach (string file in files)
        {
            TryDeleteFile(file);
        }

        return true;
    }

    private static List<(int PartNumber, string ETag)> CheckPartList(IReadOnlyList<(int PartNumber, string ETag)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A completion names at least one part.", nameof(parts));
        }

        List<(int PartNumber, string ETag)> ordered = [.. parts];
        ordered.Sort((a, b) => a.PartNumber.CompareTo(b.PartNumber));
        for (int i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].PartNumber is < 1 or > MaxPartNumber)
            {
                throw new ArgumentOutOfRangeException(nameof(parts), ordered[i].PartNumber, $"part numbers run from 1 to {MaxPartNumber}");
            }

            if (ordered[i].ETag is null)
            {
                throw new ArgumentException($"Part {ordered[i].PartNumber} has no etag.", nameof(parts));
            }

            if (i > 0 && ordered[i].PartNumber == ordered[i - 1].PartNumber)
            {
                throw new ArgumentException($"Part {ordered[i].PartNumber} is named twice.", nameof(parts));
            }
        }

        return ordered;
    }

    /// <summary>Commits an uploaded part under the upload's lock, replacing (and releasing) an earlier part of that number.</summary>
    private void CommitPart(string uploadId, byte[] uploadKey, int partNumber, StagedBody staged)
    {
        BlobBody body = staged.Body;
        byte[] partKey = BlobKeys.UploadPart(uploadId, partNumber);
        List<string> files = [];
        using (Locks.Acquire(uploadKey))
        {
            bool attempted = false;
            string? placed = null;
            try
            {
                GetUpload(uploadId, uploadKey);
                using WriteBatch batch = new();
                if (body.Kind == BlobStorageKind.File)
                {
                    placed = _paths.PartFile(body.BodyId!);
                    PlaceFile(staged.TempFile!, placed);
                }

                if (body.Kind != BlobStorageKind.Inline)
                {
                    batch.Delete(BlobKeys.Staging(body.BodyId!));
                }

                byte[]? previous = Database.Get(partKey);
                if (previous is not null)
                {
                    AddReleasePart(batch, BlobRecords.ParsePart(StoreName, partKey, previous), files);
                }

                UploadPartRecord record = new()
                {
                    Size = body.Size,
                    Sha256 = body.Sha256,
                    Storage = (int)body.Kind,
                    Inline = body.Inline,
                    BodyId = body.BodyId,
                    ChunkSize = body.ChunkSize,
                };
                batch.Put(partKey, BlobRecords.Serialize(record));
                attempted = true;
                Database.Write(batch, Durability);
            }
            catch when (!attempted)
            {
                if (body.Kind != BlobStorageKind.Inline)
                {
                    TryDiscard(body.BodyId!, staged: true, placed ?? staged.TempFile);
                }

                throw;
            }
        }

        foreach (string file in files)
        {
            TryDeleteFile(file);
        }
    }

    /// <summary>Adds the deletion of an upload, its part records and their chunks to a batch; returns the part files to delete after it.</summary>
    private List<string> RemoveUpload(WriteBatch batch, string uploadId, byte[] uploadKey, IEnumerable<UploadPartRecord> parts)
    {
        List<string> files = [];
        batch.Delete(uploadKey);
        KeyRange range = BlobKeys.UploadParts(uploadId);
        batch.DeleteRange(range.Lower!, range.Upper!);
        foreach (UploadPartRecord part in parts)
        {
            AddReleasePart(batch, part, files);
        }

        return files;
    }

    private void AddReleasePart(WriteBatch batch, UploadPartRecord part, List<string> files)
    {
        if (part.Storage == (int)BlobStorageKind.Chunks)
        {
            (byte[] start, byte[] end) = BlobKeys.ChunkRange(part.BodyId!);
            batch.DeleteRange(start, end);
        }
        else if (part.Storage == (int)BlobStorageKind.File)
        {
            files.Add(_paths.PartFile(part.BodyId!));
        }
    }

    private UploadRecord GetUpload(string uploadId, byte[] uploadKey)
    {
        byte[]? stored = Database.Get(uploadKey);
        return stored is null
            ? throw new StorageException(StorageErrorCode.NotFound, $"no upload '{uploadId}'")
            : BlobRecords.ParseUpload(StoreName, uploadKey, stored);
    }

    private Dictionary<int, UploadPartRecord> ReadParts(string uploadId, Snapshot? snapshot)
    {
        Dictionary<int, UploadPartRecord> parts = [];
        foreach (KeyValuePair<byte[], byte[]> entry in Database.Scan(BlobKeys.UploadParts(uploadId), snapshot))
        {
            parts[BlobKeys.PartNumber(entry.Key)] = BlobRecords.ParsePart(StoreName, entry.Key, entry.Value);
        }

        return parts;
    }

    /// <summary>A whole-part stream (its SHA-256, the etag, is checked at its end) read as of <paramref name="snapshot"/>.</summary>
    internal BlobReadStream OpenPart(byte[] partKey, BlobBody body, Snapshot snapshot)
    {
        BlobSource source = body.Kind switch
        {
            BlobStorageKind.Inline => new InlineBlobSource(body.Inline!),
            BlobStorageKind.Chunks => new ChunkBlobSource(Database, snapshot, ownsSnapshot: false, StoreName, body),
            _ => new FileBlobSource(BlobFileReader.Open(FileSystem, _paths.PartFile(body.BodyId!))),
        };
        return new BlobReadStream(source, 0, body.Size, body.Sha256, StoreName, partKey);
    }
}
