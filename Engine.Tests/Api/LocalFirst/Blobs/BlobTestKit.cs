using System.Security.Cryptography;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Core.Storage;

namespace Engine.Tests.Api.LocalFirst.Blobs;

/// <summary>Small layout options, sources and raw-keyspace views for the blob store tests.</summary>
internal static class BlobTestKit
{
    public const string StorePath = "/store";

    /// <summary>Thresholds small enough that every layout shows up at a few KiB: inline ≤ 64, chunks of 4 KiB up to 16 KiB, files above.</summary>
    public static readonly BlobStoreOptions Small = new()
    {
        InlineLimitBytes = 64,
        ChunkSizeBytes = 4096,
        FileThresholdBytes = 16384,
        FileSegmentSizeBytes = 4096,
    };

    /// <summary>The sizes at every edge of <see cref="Small"/>.</summary>
    public static readonly int[] EdgeSizes = [0, 1, 63, 64, 65, 4095, 4096, 4097, 16383, 16384, 16385, 3 * 16384, 100_003];

    public static LocalStore Open(IFileSystem fs, BlobStoreOptions? blobs = null, Durability durability = Durability.Flushed) =>
        LocalStore.Open(fs, StorePath, new LocalStoreOptions { Blobs = blobs ?? Small, Durability = durability });

    /// <summary>Deterministic bytes for a size and seed.</summary>
    public static byte[] Bytes(int size, int seed)
    {
        byte[] data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>The content file of a blob stored as a file: <c>blobs/ab/cdef…</c>.</summary>
    public static string ContentPath(BlobMetadata meta) => $"{StorePath}/blobs/{meta.Sha256Hex[..2]}/{meta.Sha256Hex[2..]}";

    public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using MemoryStream copy = new();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public static async Task<byte[]> ReadBlobAsync(BlobStore blobs, string id, long offset = 0, long? length = null)
    {
        await using Stream stream = (await blobs.OpenReadAsync(id, offset, length))!;
        return await ReadAllAsync(stream);
    }

    /// <summary>Every raw key of one keyspace.</summary>
    public static List<byte[]> RawKeys(LocalStore store, byte keyspace) =>
        [.. store.Database.Scan(KeyRange.Prefix([keyspace])).Select(e => e.Key)];

    /// <summary>Every file in the store's blob directories (tmp, parts, the 256 content prefixes), as "dir/name".</summary>
    public static List<string> BlobFiles(IFileSystem fs)
    {
        List<string> files = [];
        foreach (string name in new[] { "tmp", "parts" }.Concat(Enumerable.Range(0, 256).Select(i => i.ToString("x2"))))
        {
            string directory = Path.Combine(StorePath, "blobs", name);
            if (fs.DirectoryExists(directory))
            {
                files.AddRange(fs.List(directory).Select(f => $"{name}/{f}"));
            }
        }

        return files;
    }
}

/// <summary>A non-seekable source that hands out its bytes in reads of varying, small sizes.</summary>
internal sealed class TrickleStream(byte[] data, int seed = 1, int maxRead = 1500) : Stream
{
    private readonly Random _random = new(seed);
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, data.Length - _position), _random.Next(1, maxRead + 1));
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A source that fails after handing out some bytes.</summary>
internal sealed class FailingStream(byte[] data, int failAt) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= failAt)
        {
            throw new IOException("the source failed");
        }

        int n = Math.Min(Math.Min(count, failAt - _position), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
