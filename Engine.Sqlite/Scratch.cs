using System;
using System.IO;

namespace Engine.Sqlite;

/// <summary>Scratch directories for working databases, clones and exports: one per use, removed after.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class Scratch
{
    /// <summary>Creates a fresh directory under <paramref name="root"/> (the system's temp directory when null).</summary>
    public static string Create(string? root, string purpose)
    {
        string path = Path.Combine(root ?? Path.GetTempPath(), $"engine-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes <paramref name="path"/> and what it holds; a missing directory is fine.</summary>
    public static void Delete(string? path)
    {
        if (path is not null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
