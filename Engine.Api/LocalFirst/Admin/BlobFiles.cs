using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine.Core.Storage;

namespace Engine.Api.LocalFirst.Admin;

/// <summary>
/// The files of a store's <c>blobs/</c> directory as backup and salvage see them: committed blob files are immutable
/// and content-addressed, so a byte copy of each is a consistent copy; temporary files of writes in progress are left out.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class BlobFiles
{
    /// <summary>
    /// True for a file a blob write is still filling (a name ending in <c>.tmp</c> or <c>.partial</c>, or starting with
    /// a dot): it belongs to no committed blob.
    /// </summary>
    public static bool IsTemporary(string name) =>
        name.StartsWith('.')
        || name.EndsWith(".tmp", StringComparison.Ordinal)
        || name.EndsWith(".partial", StringComparison.Ordinal);

    /// <summary>
    /// The committed blob files under <paramref name="blobDirectory"/>, as paths relative to it (a content file is
    /// <c>ab/cdef…</c>); empty when it is missing.
    /// </summary>
    public static IReadOnlyList<string> List(IFileSystem fs, string blobDirectory)
    {
        List<string> names = [];
        AddFiles(fs, blobDirectory, null, names);

        // The blob store's layout: content files under two-hex-digit folders, multipart parts under "parts"; "tmp"
        // holds only files no record references.
        for (int prefix = 0; prefix < 256; prefix++)
        {
            AddFiles(fs, blobDirectory, prefix.ToString("x2", CultureInfo.InvariantCulture), names);
        }

        AddFiles(fs, blobDirectory, "parts", names);
        return names;
    }

    private static void AddFiles(IFileSystem fs, string blobDirectory, string? folder, List<string> names)
    {
        string directory = folder is null ? blobDirectory : Path.Combine(blobDirectory, folder);
        if (!fs.DirectoryExists(directory))
        {
            return;
        }

        foreach (string name in fs.List(directory))
        {
            if (!IsTemporary(name))
            {
                names.Add(folder is null ? name : Path.Combine(folder, name));
            }
        }
    }

    /// <summary>
    /// Rewrites the committed blob file <paramref name="name"/> through <paramref name="fs"/> (so an encrypted file takes
    /// the current key): a synced copy in <paramref name="tempDirectory"/>, renamed over the original, then synced again,
    /// since a rename is durable once the renamed file is synced. A crash leaves the old file or the new one, each whole;
    /// a leftover copy is garbage the next open removes. False when the file is gone.
    /// </summary>
    public static bool Rewrite(IFileSystem fs, string blobDirectory, string name, string tempDirectory)
    {
        string path = Path.Combine(blobDirectory, name);
        if (!fs.Exists(path))
        {
            return false;
        }

        fs.CreateDirectory(tempDirectory);
        string copy = Path.Combine(tempDirectory, $"rotate-{Guid.NewGuid():N}");
        FileCopy.Copy(fs, path, copy);
        fs.Rename(copy, path);
        using IWritableFile renamed = fs.OpenForAppend(path);
        renamed.Sync();
        return true;
    }

    public static void Copy(IFileSystem fs, string from, string to, IEnumerable<string> names)
    {
        fs.CreateDirectory(to);
        foreach (string name in names)
        {
            string target = Path.Combine(to, name);
            if (Path.GetDirectoryName(target) is { } parent)
            {
                fs.CreateDirectory(parent);
            }

            FileCopy.Copy(fs, Path.Combine(from, name), target);
        }
    }
}
