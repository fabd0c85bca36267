using System;
using System.IO;
using Engine.Core.Storage;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// Scratch directories for packing and unpacking: uniquely named under a temp root, removed when done.
/// </summary>
/// <remarks>
/// <see cref="IFileSystem"/> lists and deletes files, not directories, so removal deletes the files of the directory and
/// of the subdirectories the caller names, then, on the local file system, the directory tree itself. Stateless;
/// thread-safe.
/// </remarks>
internal static class ScratchDirectory
{
    /// <summary>Creates a new directory under <paramref name="root"/> whose name says what it is for.</summary>
    public static string Create(IFileSystem fs, string root, string purpose)
    {
        string path = Path.Combine(root, $"{SyncStore.EngineName}-{purpose}-{Guid.NewGuid():N}");
        fs.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes <paramref name="path"/> with its files and those of <paramref name="subdirectories"/>; best effort.</summary>
    public static void Delete(IFileSystem fs, string path, params ReadOnlySpan<string> subdirectories)
    {
        foreach (string subdirectory in subdirectories)
        {
            DeleteFiles(fs, Path.Combine(path, subdirectory));
        }

        DeleteFiles(fs, path);
        if (fs is LocalFileSystem)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Scratch space under the temp root: a leftover is the operating system's to clean, not a failure.
            }
        }
    }

    private static void DeleteFiles(IFileSystem fs, string directory)
    {
        try
        {
            if (!fs.DirectoryExists(directory))
            {
                return;
            }

            foreach (string name in fs.List(directory))
            {
                fs.Delete(Path.Combine(directory, name));
            }
        }
        catch (StorageException)
        {
            // Best effort, as above: the caller is closing or already failing.
        }
    }
}
