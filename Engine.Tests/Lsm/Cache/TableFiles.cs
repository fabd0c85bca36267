using System.Text;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;
using Engine.Tests.Lsm.Sst;

namespace Engine.Tests.Lsm.Cache;

/// <summary>Small tables written to a file system under their store names, for the cache tests. Stateless; thread-safe.</summary>
internal static class TableFiles
{
    public const string Directory = "/db";

    public static readonly SstWriterOptions Lz4 = new() { BlockSizeBytes = 512, Compression = CompressionType.Lz4 };

    /// <summary>The user key of entry <paramref name="i"/> of table <paramref name="number"/>.</summary>
    public static byte[] UserKey(ulong number, int i) => Encoding.ASCII.GetBytes($"t{number:D4}/k{i:D5}");

    /// <summary>The value of entry <paramref name="i"/> of table <paramref name="number"/>: compressible, and unique.</summary>
    public static byte[] Value(ulong number, int i)
    {
        byte[] value = new byte[64];
        Encoding.ASCII.GetBytes($"{number:D6}:{i:D6}").CopyTo(value, 0);
        return value;
    }

    /// <summary>Writes table <paramref name="number"/> with <paramref name="entries"/> entries and returns its metadata.</summary>
    public static FileMetadata Write(IFileSystem fs, ulong number, int entries, SstWriterOptions? options = null)
    {
        fs.CreateDirectory(Directory);
        using IWritableFile file = fs.Create(FileNames.Table(Directory, number));
        using SstWriter writer = new(file, options ?? Lz4);
        for (int i = 0; i < entries; i++)
        {
            writer.Add(SstTestData.Key(UserKey(number, i), (ulong)i + 1, KeyKind.Set), Value(number, i));
        }

        SstWriteResult result = writer.Finish();
        file.Sync();
        return new FileMetadata(number, result.FileSize, result.Smallest, result.Largest, result.SmallestSequence, result.LargestSequence);
    }
}
