using System;
using System.Collections.Generic;
using Engine.Api.LocalFirst.Blobs.Storage;
using Engine.Api.Sync.Records;

namespace Engine.Api.LocalFirst.Blobs.Records;

/// <summary>
/// Writes and parses the blob store's MessagePack records. A parse checks every field a reader relies on (version,
/// sizes, hash length, storage kind and its fields), so that a damaged or hostile value is a
/// <see cref="CorruptionException"/> naming the key, never a wrong read.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class BlobRecords
{
    /// <summary>The largest chunk or segment a record may name; bigger is damage.</summary>
    public const int MaxChunkSize = 64 << 20;

    /// <summary>The longest body id a record may name.</summary>
    public const int MaxBodyIdLength = 64;

    public static byte[] Serialize<T>(T value) => RecordSerializer.Serialize(value);

    /// <summary>Parses and checks a manifest.</summary>
    /// <exception cref="CorruptionException">The bytes are not a valid manifest.</exception>
    public static BlobManifestRecord ParseManifest(string store, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        BlobManifestRecord record = Deserialize<BlobManifestRecord>(store, key, stored);
        CheckVersion(store, key, record.FormatVersion, BlobManifestRecord.CurrentVersion);
        CheckBody(store, key, record.Storage, record.Size, record.Sha256, record.Inline, record.BodyId, record.ChunkSize);
        if (record.Custom is not null)
        {
            foreach (KeyValuePair<string, string> entry in record.Custom)
            {
                if (entry.Value is null)
                {
                    Corrupt(store, key, $"custom metadata '{entry.Key}' has no value");
                }
            }
        }

        return record;
    }

    /// <summary>Parses and checks a content record.</summary>
    /// <exception cref="CorruptionException">The bytes are not a valid content record.</exception>
    public static BlobContentRecord ParseContent(string store, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        BlobContentRecord record = Deserialize<BlobContentRecord>(store, key, stored);
        CheckVersion(store, key, record.FormatVersion, BlobContentRecord.CurrentVersion);
        if (record.References < 1)
        {
            Corrupt(store, key, $"the content has {record.References} references");
        }

        if (record.Storage == (int)BlobStorageKind.Inline)
        {
            Corrupt(store, key, "inline bodies have no content record");
        }

        CheckBody(store, key, record.Storage, record.Size, new byte[32], null, record.BodyId, record.ChunkSize);
        return record;
    }

    /// <summary>Parses and checks an upload record.</summary>
    /// <exception cref="CorruptionException">The bytes are not a valid upload record.</exception>
    public static UploadRecord ParseUpload(string store, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        UploadRecord record = Deserialize<UploadRecord>(store, key, stored);
        CheckVersion(store, key, record.FormatVersion, UploadRecord.CurrentVersion);
        return record;
    }

    /// <summary>Parses and checks an upload part record.</summary>
    /// <exception cref="CorruptionException">The bytes are not a valid part record.</exception>
    public static UploadPartRecord ParsePart(string store, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        UploadPartRecord record = Deserialize<UploadPartRecord>(store, key, stored);
        CheckVersion(store, key, record.FormatVersion, UploadPartRecord.CurrentVersion);
        CheckBody(store, key, record.Storage, record.Size, record.Sha256, record.Inline, record.BodyId, record.ChunkSize);
        if (record.Storage == (int)BlobStorageKind.File && record.BodyId is null)
        {
            Corrupt(store, key, "a part stored in a file has no body id");
        }

        return record;
    }

    /// <summary>Parses and checks a staging marker.</summary>
    /// <exception cref="CorruptionException">The bytes are not a valid staging marker.</exception>
    public static BlobStagingRecord ParseStaging(string store, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        BlobStagingRecord record = Deserialize<BlobStagingRecord>(store, key, stored);
        CheckVersion(store, key, record.FormatVersion, BlobStagingRecord.CurrentVersion);
        return record;
    }

    /// <summary>The body a manifest describes.</summary>
    public static BlobBody BodyOf(BlobManifestRecord record) =>
        new((BlobStorageKind)record.Storage, record.Size, record.Sha256, record.Inline, record.BodyId, record.ChunkSize);

    /// <summary>The body a part record describes.</summary>
    public static BlobBody BodyOf(UploadPartRecord record) =>
        new((BlobStorageKind)record.Storage, record.Size, record.Sha256, record.Inline, record.BodyId, record.ChunkSize);

    /// <summary>The body a content record describes (the hash comes from its key).</summary>
    public static BlobBody BodyOf(BlobContentRecord record, byte[] sha256) =>
        new((BlobStorageKind)record.Storage, record.Size, sha256, null, record.BodyId, record.ChunkSize);

    private static T Deserialize<T>(string store, ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
        where T : class
    {
        try
        {
            if (RecordSerializer.TryDeserialize(stored.ToArray(), out T? value))
            {
                return value!;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or OverflowException or FormatException)
        {
            // The MessagePack reader reports some malformed inputs with these types rather than its own.
            throw new CorruptionException(store, key, $"the value is not a {typeof(T).Name}", ex);
        }

        throw new CorruptionException(store, key, $"the value is not a {typeof(T).Name}");
    }

    private static void CheckVersion(string store, ReadOnlySpan<byte> key, int found, int current)
    {
        if (found != current)
        {
            Corrupt(store, key, $"record format version {found}; this engine reads version {current}");
        }
    }

    private static void CheckBody(string store, ReadOnlySpan<byte> key, int storage, long size, byte[]? sha256, byte[]? inline, string? bodyId, int chunkSize)
    {
        if (size < 0)
        {
            Corrupt(store, key, $"negative size {size}");
        }

        if (sha256 is null || sha256.Length != 32)
        {
            Corrupt(store, key, "the SHA-256 is not 32 bytes");
        }

        switch ((BlobStorageKind)storage)
        {
            case BlobStorageKind.Inline:
                if (inline is null || inline.Length != size)
                {
                    Corrupt(store, key, $"the inline body is not {size} bytes");
                }

                break;
            case BlobStorageKind.Chunks:
                CheckBodyId(store, key, bodyId);
                if (chunkSize < 1 || chunkSize > MaxChunkSize)
                {
                    Corrupt(store, key, $"chunk size {chunkSize} is out of range");
                }

                break;
            case BlobStorageKind.File:
                if (bodyId is not null)
                {
                    CheckBodyId(store, key, bodyId);
                }

                break;
            default:
                Corrupt(store, key, $"unknown storage kind {storage}");
                break;
        }
    }

    private static void CheckBodyId(string store, ReadOnlySpan<byte> key, string? bodyId)
    {
        if (string.IsNullOrEmpty(bodyId) || bodyId.Length > MaxBodyIdLength || !BlobIds.IsValid(bodyId))
        {
            Corrupt(store, key, "the body id is missing or malformed");
        }
    }

    private static void Corrupt(string store, ReadOnlySpan<byte> key, string reason) => throw new CorruptionException(store, key, reason);
}
