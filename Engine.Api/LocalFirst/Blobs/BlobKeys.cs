using System;
using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// The keys of the blob store (<c>docs/format/local-first.md</c>, "Blobs"): a <see cref="Keyspaces"/> byte, then a
/// tuple of the key's columns. Ids are tuple strings, chunk and part numbers tuple integers, the content hash tuple
/// bytes, so that the chunks of one body and the parts of one upload are each one contiguous prefix.
/// </summary>
/// <remarks>Stateless; thread-safe. Each call returns a new array: the blob paths copy chunks anyway.</remarks>
internal static class BlobKeys
{
    /// <summary><c>0x30, blob id</c>: the manifest.</summary>
    public static byte[] Manifest(string id) => Build(Keyspaces.Blob, id);

    /// <summary>Every manifest key.</summary>
    public static KeyRange Manifests => KeyRange.Prefix([Keyspaces.Blob]);

    /// <summary><c>0x31, body id, chunk number</c>: one chunk of a chunked body.</summary>
    public static byte[] Chunk(string bodyId, long chunkNumber)
    {
        ArrayBufferWriter<byte> buffer = Begin(Keyspaces.BlobChunk, bodyId);
        TupleWriter writer = new(buffer);
        writer.AppendInt64(chunkNumber);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The bounds <c>[start, end)</c> of every chunk of one body, for a range deletion.</summary>
    public static (byte[] Start, byte[] End) ChunkRange(string bodyId)
    {
        KeyRange range = KeyRange.Prefix(Build(Keyspaces.BlobChunk, bodyId));
        return (range.Lower!, range.Upper!);
    }

    /// <summary>Every chunk key of every body.</summary>
    public static KeyRange Chunks => KeyRange.Prefix([Keyspaces.BlobChunk]);

    /// <summary><c>0x32, SHA-256</c>: the content record (reference count and where the body lives).</summary>
    public static byte[] Content(ReadOnlySpan<byte> sha256)
    {
        ArrayBufferWriter<byte> buffer = new(48);
        buffer.Write([Keyspaces.BlobContent]);
        TupleWriter writer = new(buffer);
        writer.AppendBytes(sha256);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>0x33, upload id</c>: a multipart upload.</summary>
    public static byte[] Upload(string uploadId) => Build(Keyspaces.Upload, uploadId);

    /// <summary><c>0x34, upload id, part number</c>: one uploaded part.</summary>
    public static byte[] UploadPart(string uploadId, int partNumber)
    {
        ArrayBufferWriter<byte> buffer = Begin(Keyspaces.UploadPart, uploadId);
        TupleWriter writer = new(buffer);
        writer.AppendInt64(partNumber);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Every part of one upload.</summary>
    public static KeyRange UploadParts(string uploadId) => KeyRange.Prefix(Build(Keyspaces.UploadPart, uploadId));

    /// <summary>Every part of every upload.</summary>
    public static KeyRange AllUploadParts => KeyRange.Prefix([Keyspaces.UploadPart]);

    /// <summary>Every upload record.</summary>
    public static KeyRange AllUploads => KeyRange.Prefix([Keyspaces.Upload]);

    /// <summary><c>0x35, body id</c>: a body being staged.</summary>
    public static byte[] Staging(string bodyId) => Build(Keyspaces.BlobStaging, bodyId);

    /// <summary>Every staging marker.</summary>
    public static KeyRange Stagings => KeyRange.Prefix([Keyspaces.BlobStaging]);

    /// <summary>The first column of a key, a tuple string (the blob id of a manifest key, the body id of a staging key).</summary>
    /// <exception cref="StorageException">The key does not start with a tuple string.</exception>
    public static string FirstString(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(key[1..]);
        if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
        {
            throw new StorageException(StorageErrorCode.Corruption, $"the key {Convert.ToHexString(key)} does not start with a string");
        }

        return reader.GetString();
    }

    /// <summary>The part number of an upload part key.</summary>
    /// <exception cref="StorageException">The key is not an upload part key.</exception>
    public static int PartNumber(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(key[1..]);
        if (!reader.TryReadNext(out _) || !reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.Integer
            || !reader.TryGetInt64(out long number) || number is < 1 or > int.MaxValue)
        {
            throw new StorageException(StorageErrorCode.Corruption, $"the key {Convert.ToHexString(key)} is not an upload part key");
        }

        return (int)number;
    }

    private static byte[] Build(byte keyspace, string id) => Begin(keyspace, id).WrittenSpan.ToArray();

    private static ArrayBufferWriter<byte> Begin(byte keyspace, string id)
    {
        ArrayBufferWriter<byte> buffer = new(8 + (id.Length * 2));
        buffer.Write([keyspace]);
        TupleWriter writer = new(buffer);
        writer.AppendString(id);
        return buffer;
    }
}
