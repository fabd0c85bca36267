using System;
using System.IO;
using Engine.Api;
using ZstdSharp;

namespace Engine.Sqlite;

/// <summary>
/// The v1 <c>.c1z</c> container (shared/spec/baton-storage.md, section 9.1): the magic <c>C1ZF\0</c>, then one zstd
/// frame of the SQLite database. A stand-in until the shared container reader and writer land in Engine.Api.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class V1Container
{
    private static readonly byte[] s_magic = "C1ZF\0"u8.ToArray();

    /// <summary>Decompresses the database of <paramref name="c1zPath"/> into <paramref name="databasePath"/>.</summary>
    /// <exception cref="StorageException">InvalidArgument: not a v1 file.</exception>
    public static void DecompressFile(string c1zPath, string databasePath)
    {
        using FileStream input = File.OpenRead(c1zPath);
        Span<byte> magic = stackalloc byte[5];
        if (input.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) != magic.Length || !magic.SequenceEqual(s_magic))
        {
            throw new StorageException(StorageErrorCode.InvalidArgument, $"'{c1zPath}' is not a v1 .c1z file (no C1ZF magic)");
        }

        using DecompressionStream zstd = new(input);
        using FileStream output = File.Create(databasePath);
        zstd.CopyTo(output);
    }

    /// <summary>Writes <paramref name="databasePath"/> as a v1 file at <paramref name="c1zPath"/>, atomically (temp file, fsync, rename).</summary>
    public static void WriteFile(string databasePath, string c1zPath)
    {
        string temp = c1zPath + ".tmp";
        try
        {
            using (FileStream output = new(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                output.Write(s_magic);
                using (CompressionStream zstd = new(output, level: 3, leaveOpen: true))
                using (FileStream input = File.OpenRead(databasePath))
                {
                    input.CopyTo(zstd);
                }

                output.Flush(flushToDisk: true);
            }

            File.Move(temp, c1zPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
