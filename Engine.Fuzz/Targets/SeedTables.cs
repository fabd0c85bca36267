using System.Text;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

namespace Engine.Fuzz.Targets;

/// <summary>
/// Small tables written by <see cref="SstWriter"/>, for the seeds and templates of the block, index and footer
/// targets: the same bytes on every call, so the checked-in corpus stays reproducible.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SeedTables
{
    /// <summary>The table shapes the targets start from: several blocks raw or compressed, one block, and none.</summary>
    public static IReadOnlyList<(int Entries, SstWriterOptions Options, bool Tombstones)> Shapes { get; } =
    [
        (40, new SstWriterOptions { BlockSizeBytes = 256, BloomBitsPerKey = 10, Compression = CompressionType.None }, false),
        (60, new SstWriterOptions { BlockSizeBytes = 512, BloomBitsPerKey = 0, Compression = CompressionType.Lz4, BlockRestartInterval = 4 }, true),
        (5, SstWriterOptions.Default, false),
        (0, SstWriterOptions.Default, true),
    ];

    /// <summary>A table of <paramref name="entries"/> point entries (some with two versions, some deletions).</summary>
    public static byte[] Build(int entries, SstWriterOptions options, bool tombstones)
    {
        MemFileSystem fs = new();
        fs.CreateDirectory("/fuzz");
        using (SstWriter writer = new(fs.Create("/fuzz/000001.sst"), options))
        {
            foreach ((byte[] key, byte[] value) in Entries(entries))
            {
                writer.Add(key, value);
            }

            if (tombstones)
            {
                writer.AddRangeTombstone("user/001"u8, "user/002"u8, 5);
                writer.AddRangeTombstone("a"u8, "b"u8, 7);
            }

            writer.Finish();
        }

        return fs.ReadAllBytes("/fuzz/000001.sst");
    }

    /// <summary>The point entries of a table of <paramref name="count"/> user keys, in internal-key order.</summary>
    public static IEnumerable<(byte[] Key, byte[] Value)> Entries(int count)
    {
        for (int i = 0; i < count; i++)
        {
            // Two versions of every third key, newest first, as internal-key order wants.
            byte[] user = Encoding.ASCII.GetBytes($"user/{i / 10:D3}/{i % 10}");
            int versions = i % 3 == 0 ? 2 : 1;
            for (int v = 0; v < versions; v++)
            {
                KeyKind kind = (i + v) % 5 == 4 ? KeyKind.Delete : KeyKind.Set;
                byte[] value = kind == KeyKind.Set ? Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), 10 + (i % 7 * 5))) : [];
                yield return (Key(user, (ulong)(1000 - (2 * i) - v), kind), value);
            }
        }
    }

    /// <summary>The internal key <c>userKey#sequence,kind</c>.</summary>
    public static byte[] Key(ReadOnlySpan<byte> userKey, ulong sequence, KeyKind kind)
    {
        byte[] key = new byte[userKey.Length + InternalKey.TrailerSize];
        InternalKey.Write(key, userKey, sequence, kind);
        return key;
    }

    /// <summary>The footer of <paramref name="table"/>, decoded.</summary>
    public static Footer FooterOf(byte[] table) =>
        Footer.Decode(table.AsSpan(table.Length - Footer.Size), "<seed>", table.Length - Footer.Size);
}
