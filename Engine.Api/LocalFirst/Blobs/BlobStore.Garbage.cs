using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Garbage collection at open: what crashes and failed writes left behind.</summary>
public sealed partial class BlobStore
{
    /// <summary>
    /// Removes every staged body (the store is exclusively open, so no put is in progress): the chunks named by staging
    /// markers and the markers, in one batch; every temporary file; every content file that no content record stored as
    /// a file names; every part file that no part record names; every upload older than
    /// <see cref="BlobStoreOptions.UploadExpiry"/>. Cost: one seek per marker, one listing per blob directory, one point
    /// read per blob file, one scan of the upload records.
    /// </summary>
    internal BlobGarbageReport CollectGarbage()
    {
        int staged = 0;
        using (WriteBatch batch = new())
        {
            foreach (KeyValuePair<byte[], byte[]> entry in Database.Scan(BlobKeys.Stagings))
            {
                AddDiscard(batch, BlobKeys.FirstString(entry.Key));
                staged++;
            }

            if (staged > 0)
            {
                Database.Write(batch, Durability.Synced);
            }
        }

        int temp = 0;
        foreach (string name in FileSystem.List(_paths.TempDirectory))
        {
            FileSystem.Delete(System.IO.Path.Combine(_paths.TempDirectory, name));
            temp++;
        }

        int expired = AbortExpiredUploads();
        return new BlobGarbageReport(staged, temp, CollectContentFiles(), CollectPartFiles(), expired);
    }

    /// <summary>
    /// Aborts every upload created longer than <see cref="BlobStoreOptions.UploadExpiry"/> ago by the store's clock: its
    /// records and chunks in one batch per upload, its part files after. Cost: one scan of the upload records.
    /// </summary>
    private int AbortExpiredUploads()
    {
        if (_options.UploadExpiry is not { } expiry)
        {
            return 0;
        }

        long cutoff = (Now - expiry).ToUnixTimeMilliseconds();
        List<string> expired = [];
        foreach (KeyValuePair<byte[], byte[]> entry in Database.Scan(BlobKeys.AllUploads))
        {
            if (BlobRecords.ParseUpload(StoreName, entry.Key, entry.Value).CreatedAt < cutoff)
            {
                expired.Add(BlobKeys.FirstString(entry.Key));
            }
        }

        foreach (string uploadId in expired)
        {
            AbortUpload(uploadId);
        }

        return expired.Count;
    }

    private int CollectContentFiles()
    {
        int removed = 0;
        for (int prefix = 0; prefix < 256; prefix++)
        {
            string hexPrefix = prefix.ToString("x2", CultureInfo.InvariantCulture);
            string directory = _paths.ContentDirectory(hexPrefix);
            if (!FileSystem.DirectoryExists(directory))
            {
                continue;
            }

            foreach (string name in FileSystem.List(directory))
            {
                if (!TryParseHash(hexPrefix + name, out byte[]? sha256))
                {
                    // Not a name this store writes: not ours to remove.
                    continue;
                }

                BlobContentRecord? content = GetContent(BlobKeys.Content(sha256));
                if (content is null || content.Storage != (int)BlobStorageKind.File)
                {
                    FileSystem.Delete(System.IO.Path.Combine(directory, name));
                    removed++;
                }
            }
        }

        return removed;
    }

    private int CollectPartFiles()
    {
        HashSet<string> referenced = new(StringComparer.Ordinal);
        foreach (KeyValuePair<byte[], byte[]> entry in Database.Scan(BlobKeys.AllUploadParts))
        {
            UploadPartRecord part = BlobRecords.ParsePart(StoreName, entry.Key, entry.Value);
            if (part.Storage == (int)BlobStorageKind.File)
            {
                referenced.Add(part.BodyId!);
            }
        }

        int removed = 0;
        foreach (string name in FileSystem.List(_paths.PartsDirectory))
        {
            if (!referenced.Contains(name))
            {
                FileSystem.Delete(_paths.PartFile(name));
                removed++;
            }
        }

        return removed;
    }

    private static readonly System.Buffers.SearchValues<char> s_lowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool TryParseHash(string hex, out byte[] sha256)
    {
        sha256 = new byte[32];
        return hex.Length == 64
            && !hex.AsSpan().ContainsAnyExcept(s_lowerHex)
            && Convert.FromHexString(hex, sha256, out _, out int written) == System.Buffers.OperationStatus.Done
            && written == 32;
    }
}
