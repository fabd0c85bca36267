using System;
using System.Buffers.Binary;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// The constants of the packed artifact (docs/format/artifact.md): magic, header layout, payload encoding and the
/// limits a reader enforces before it allocates.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class ArtifactFormat
{
    /// <summary>The version of the layout this code writes and reads (the header's version byte).</summary>
    public const byte Version = 1;

    /// <summary>Bytes of the header: magic, version, manifest length, manifest XXH64.</summary>
    public const int HeaderLength = 5 + 1 + sizeof(uint) + sizeof(ulong);

    /// <summary>The payload encoding the manifest and <c>Metadata</c> name: one zstd frame per store file.</summary>
    public const string PayloadEncoding = "zstd_files";

    /// <summary>The largest manifest a reader accepts (and a writer writes).</summary>
    public const int MaxManifestBytes = 16 << 20;

    /// <summary>The most store files an artifact may hold: far above what a store directory holds.</summary>
    public const int MaxFiles = 100_000;

    /// <summary>The longest store file name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The decoded total every artifact may reach; a larger one must also be at most 100 times its file.</summary>
    public const long MinDecodedLimitBytes = 10L << 30;

    /// <summary>How many times its own length an artifact above <see cref="MinDecodedLimitBytes"/> may decode to.</summary>
    public const long MaxExpansionRatio = 100;

    /// <summary>The largest zstd window a frame may ask for, as a power of two (128 MiB, as the reference's decoder).</summary>
    public const int MaxWindowLog = 27;

    /// <summary>The zstd level frames are written at: the fastest regular level, as the reference's writer.</summary>
    public const int CompressionLevel = 1;

    /// <summary>Our magic: "C1ZL" and a zero byte.</summary>
    public static ReadOnlySpan<byte> Magic => "C1ZL\0"u8;

    /// <summary>The reference's v1 (SQLite) magic, recognised to say what the file is.</summary>
    public static ReadOnlySpan<byte> ReferenceV1Magic => "C1ZF\0"u8;

    /// <summary>The reference's v3 (Pebble) magic, recognised to say what the file is.</summary>
    public static ReadOnlySpan<byte> ReferenceV3Magic => "C1Z3\0"u8;

    /// <summary>The decoded total an artifact of <paramref name="artifactLength"/> bytes may declare.</summary>
    public static long DecodedLimit(long artifactLength) =>
        Math.Max(MinDecodedLimitBytes, artifactLength > long.MaxValue / MaxExpansionRatio ? long.MaxValue : artifactLength * MaxExpansionRatio);

    /// <summary>Writes the header of a manifest of <paramref name="manifestLength"/> bytes hashing to <paramref name="manifestHash"/>.</summary>
    public static void WriteHeader(Span<byte> destination, int manifestLength, ulong manifestHash)
    {
        Magic.CopyTo(destination);
        destination[Magic.Length] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(destination[(Magic.Length + 1)..], (uint)manifestLength);
        BinaryPrimitives.WriteUInt64BigEndian(destination[(Magic.Length + 1 + sizeof(uint))..], manifestHash);
    }
}
