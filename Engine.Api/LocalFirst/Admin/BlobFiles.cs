using System;
using System.Collections.Generic;
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

    /// <summary>The names of the committed blob files directly in <paramref name="blobDirectory"/>; empty when it is missing.</summary>
    public static IReadOnlyList<string> List(IFileSystem fs, string blobDirectory)
    {
        if (!fs.DirectoryExists(blobDirectory))
        {
            return [];
        }

        List<string> names = [];
        foreach (string name in fs.List(blobDirectory))
        {
            if (!IsTemporary(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Copies the named files (paths relative to the directories) from one blob directory to another, each synced.</summary>
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
