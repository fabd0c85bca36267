using System.Collections.Generic;
using System.IO;
using System.Threading;
using Engine.Api.LocalFirst.Admin;
using Engine.Api.LocalFirst.Blobs.Records;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// The blob store's part of <see cref="LocalStore.VerifyAsync"/>: reads every blob and every uploaded part whole, so
/// each body is checked where it lives (inline, chunk records, or a blob file with its header, segment checksums,
/// footer and length) and its SHA-256 against the one its record holds. A problem names the blob id, or the upload
/// and part number.
/// </summary>
/// <remarks>
/// Costs one full read of every stored body. Blobs deleted, and uploads completed or aborted, while the check runs are
/// skipped, not reported. Files no record names are not problems: the next open removes them. Stateless; thread-safe.
/// </remarks>
internal sealed class BlobStoreCheck : ILocalStoreCheck
{
    public string Name => "blobs";

    public void Check(LocalStore store, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            CheckBlobs(store, problems, cancellationToken);
            CheckParts(store, problems, cancellationToken);
        }
        catch (StorageException ex)
        {
            // The engine's own check reports damage to the records; this one cannot go on past it.
            problems.Add(new LocalStoreProblem(Name, store.BlobDirectory, $"the blob check stopped early: {ex.Message}"));
        }
    }

    private void CheckBlobs(LocalStore store, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken)
    {
        using Snapshot snapshot = store.Database.GetSnapshot();
        foreach (KeyValuePair<byte[], byte[]> entry in store.Database.Scan(BlobKeys.Manifests, snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string id = BlobKeys.FirstString(entry.Key);
            try
            {
                // OpenRead re-reads the manifest: null means the blob was deleted since the snapshot.
                using Stream? stream = store.Blobs.OpenReadAsync(id, cancellationToken: cancellationToken).AsTask().GetAwaiter().GetResult();
                stream?.CopyTo(Stream.Null);
            }
            catch (StorageException ex)
            {
                problems.Add(new LocalStoreProblem(Name, id, $"blob '{id}' is damaged: {ex.Message}"));
            }
        }
    }

    private void CheckParts(LocalStore store, ICollection<LocalStoreProblem> problems, CancellationToken cancellationToken)
    {
        using Snapshot snapshot = store.Database.GetSnapshot();
        foreach (KeyValuePair<byte[], byte[]> entry in store.Database.Scan(BlobKeys.AllUploadParts, snapshot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string uploadId = BlobKeys.FirstString(entry.Key);
            int partNumber = BlobKeys.PartNumber(entry.Key);
            try
            {
                UploadPartRecord part = BlobRecords.ParsePart(store.Directory, entry.Key, entry.Value);
                using Stream stream = store.Blobs.OpenPart(entry.Key, BlobRecords.BodyOf(part), snapshot);
                stream.CopyTo(Stream.Null);
            }
            catch (StorageException ex) when (store.Database.Get(entry.Key) is not null)
            {
                // A part whose record is gone now was completed or aborted meanwhile, its file with it.
                problems.Add(new LocalStoreProblem(Name, $"{uploadId}/{partNumber}", $"part {partNumber} of upload '{uploadId}' is damaged: {ex.Message}"));
            }
        }
    }
}
