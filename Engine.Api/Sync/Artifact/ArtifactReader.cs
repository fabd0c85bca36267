using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Text;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Core.Storage;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// Reads a packed artifact (docs/format/artifact.md): the header and manifest alone (<see cref="ReadManifest(IFileSystem, string)"/>),
/// or every store file into a directory (<see cref="Unpack"/>), checking each limit before allocating or decoding and
/// each frame's length and XXH64 after.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class ArtifactReader
{
    /// <summary>Bytes decoded per step.</summary>
    private const int BufferSizeBytes = 256 << 10;

    /// <summary>The checked manifest of the artifact at <paramref name="artifactPath"/>, without decoding a frame.</summary>
    /// <exception cref="StorageException">InvalidArgument: not our artifact (the message says what it is), or a version or engine this code does not read. ResourceExhausted: it declares more than the decoded-size limit.</exception>
    /// <exception cref="CorruptionException">The header or manifest is damaged, or the artifact is truncated.</exception>
    public static ArtifactContents ReadManifest(IFileSystem fs, string artifactPath)
    {
        using IReadableFile file = fs.OpenRead(artifactPath);
        return ReadManifest(file, artifactPath);
    }

    /// <summary>
    /// Decodes every store file of the artifact into <paramref name="targetDirectory"/> (created if missing) and returns
    /// the manifest; each file's length and XXH64 are compared with the manifest's.
    /// </summary>
    /// <exception cref="StorageException">As <see cref="ReadManifest(IFileSystem, string)"/>; I/O failed.</exception>
    /// <exception cref="CorruptionException">As <see cref="ReadManifest(IFileSystem, string)"/>; a frame is damaged or decodes to other bytes than packed (naming the store file).</exception>
    public static ArtifactContents Unpack(IFileSystem fs, string artifactPath, string targetDirectory)
    {
        using IReadableFile file = fs.OpenRead(artifactPath);
        ArtifactContents contents = ReadManifest(file, artifactPath);
        fs.CreateDirectory(targetDirectory);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSizeBytes);
        try
        {
            using Decompressor decompressor = new();
            decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, ArtifactFormat.MaxWindowLog);
            foreach (ArtifactFileEntry entry in contents.Manifest.Files)
            {
                UnpackFile(fs, file, contents.PayloadStart, entry, Path.Combine(targetDirectory, entry.Name), decompressor, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return contents;
    }

    private static void UnpackFile(IFileSystem fs, IReadableFile file, long payloadStart, ArtifactFileEntry entry, string target, Decompressor decompressor, byte[] buffer)
    {
        long at = payloadStart + entry.Offset;
        XxHash64 hash = new();
        long written = 0;
        using IWritableFile output = fs.Create(target);
        try
        {
            using FileRangeStream range = new(file, at, entry.CompressedLength);
            using DecompressionStream frame = new(range, decompressor, BufferSizeBytes);
            int read;
            while ((read = frame.Read(buffer, 0, buffer.Length)) > 0)
            {
                // Never write more than declared: the limit the manifest was checked against must hold for the bytes too.
                if (read > entry.RawLength - written)
                {
                    Corrupt(file.Path, at, $"store file '{entry.Name}' decodes to more than its {entry.RawLength} bytes");
                }

                hash.Append(buffer.AsSpan(0, read));
                output.Append(buffer.AsSpan(0, read));
                written += read;
            }
        }
        catch (Exception ex) when (ex is ZstdException or EndOfStreamException)
        {
            throw new CorruptionException(file.Path, at, $"store file '{entry.Name}': the zstd frame does not decode ({ex.Message})", ex);
        }

        if (written != entry.RawLength)
        {
            Corrupt(file.Path, at, $"store file '{entry.Name}' decodes to {written} bytes, not {entry.RawLength}");
        }

        if (hash.GetCurrentHashAsUInt64() != entry.RawXxh64)
        {
            Corrupt(file.Path, at, $"store file '{entry.Name}': XXH64 mismatch");
        }
    }

    private static ArtifactContents ReadManifest(IReadableFile file, string path)
    {
        Span<byte> header = stackalloc byte[ArtifactFormat.HeaderLength];
        int headerRead = file.Read(0, header);
        CheckMagic(header[..headerRead], path);
        if (headerRead < ArtifactFormat.HeaderLength)
        {
            Corrupt(path, 0, $"truncated: {file.Length} bytes, shorter than the {ArtifactFormat.HeaderLength}-byte header");
        }

        byte version = header[ArtifactFormat.Magic.Length];
        if (version != ArtifactFormat.Version)
        {
            SyncErrors.InvalidArgument($"'{path}' is a sync-store artifact of format version {version}; this engine reads version {ArtifactFormat.Version}");
        }

        uint manifestLength = BinaryPrimitives.ReadUInt32BigEndian(header[(ArtifactFormat.Magic.Length + 1)..]);
        ulong manifestHash = BinaryPrimitives.ReadUInt64BigEndian(header[(ArtifactFormat.Magic.Length + 1 + sizeof(uint))..]);
        if (manifestLength > ArtifactFormat.MaxManifestBytes)
        {
            Corrupt(path, 0, $"the manifest length {manifestLength} exceeds {ArtifactFormat.MaxManifestBytes}");
        }

        long payloadStart = ArtifactFormat.HeaderLength + (long)manifestLength;
        if (payloadStart > file.Length)
        {
            Corrupt(path, ArtifactFormat.HeaderLength, $"truncated: the {manifestLength}-byte manifest ends past the end of the file ({file.Length} bytes)");
        }

        byte[] manifestBytes = new byte[manifestLength];
        if (file.Read(ArtifactFormat.HeaderLength, manifestBytes) != manifestBytes.Length)
        {
            Corrupt(path, ArtifactFormat.HeaderLength, "truncated manifest");
        }

        if (XxHash64.HashToUInt64(manifestBytes) != manifestHash)
        {
            Corrupt(path, ArtifactFormat.HeaderLength, "the manifest's XXH64 does not match the header");
        }

        ArtifactManifest manifest = ParseManifest(manifestBytes, path);
        CheckFiles(manifest.Files, path, payloadStart, file.Length);
        return new ArtifactContents(manifest, payloadStart);
    }

    /// <summary>Says what a file that is not our artifact is: the reference's formats by their magic, else its first bytes.</summary>
    private static void CheckMagic(ReadOnlySpan<byte> start, string path)
    {
        if (start.Length >= ArtifactFormat.Magic.Length && start.StartsWith(ArtifactFormat.Magic))
        {
            return;
        }

        if (start.StartsWith(ArtifactFormat.ReferenceV1Magic))
        {
            SyncErrors.InvalidArgument($"'{path}' is a Baton v1 (SQLite) .c1z file, not a sync-store artifact: import it");
        }

        if (start.StartsWith(ArtifactFormat.ReferenceV3Magic))
        {
            SyncErrors.InvalidArgument($"'{path}' is a Baton v3 (Pebble) .c1z file, which this engine does not read");
        }

        SyncErrors.InvalidArgument($"'{path}' is not a sync-store artifact (it starts with {Convert.ToHexString(start[..Math.Min(start.Length, ArtifactFormat.Magic.Length)])}, not C1ZL\\0)");
    }

    private static ArtifactManifest ParseManifest(byte[] bytes, string path)
    {
        if (!RecordSerializer.TryDeserialize(bytes, out ArtifactManifest? manifest) || manifest!.Files is null || manifest.Syncs is null)
        {
            Corrupt(path, ArtifactFormat.HeaderLength, "the manifest does not parse");
            return null!;
        }

        if (manifest.FormatVersion != ArtifactManifest.CurrentVersion)
        {
            SyncErrors.InvalidArgument($"'{path}' has a manifest of version {manifest.FormatVersion}; this engine reads version {ArtifactManifest.CurrentVersion}");
        }

        if (manifest.Engine != SyncStore.EngineName || manifest.Format != SyncStore.FormatName || manifest.PayloadEncoding != ArtifactFormat.PayloadEncoding)
        {
            SyncErrors.InvalidArgument(
                $"'{path}' was written by engine '{manifest.Engine}' (format '{manifest.Format}', payload '{manifest.PayloadEncoding}'), which is not available here");
        }

        return manifest;
    }

    /// <summary>Names plain and in order; frames tiling the payload to the end of the file; the decoded total within the limit.</summary>
    private static void CheckFiles(List<ArtifactFileEntry> files, string path, long payloadStart, long fileLength)
    {
        if (files.Count > ArtifactFormat.MaxFiles)
        {
            Corrupt(path, ArtifactFormat.HeaderLength, $"the manifest lists {files.Count} files, more than {ArtifactFormat.MaxFiles}");
        }

        long next = 0;
        long rawTotal = 0;
        string? previous = null;
        foreach (ArtifactFileEntry entry in files)
        {
            if (entry is null || !IsPlainName(entry.Name) || (previous is not null && string.CompareOrdinal(previous, entry.Name) >= 0))
            {
                Corrupt(path, ArtifactFormat.HeaderLength, $"the manifest names a store file '{entry?.Name}' that is not a plain name in order");
            }

            if (entry.Offset != next || entry.CompressedLength < 0 || entry.RawLength < 0 || entry.CompressedLength > fileLength)
            {
                Corrupt(path, ArtifactFormat.HeaderLength, $"store file '{entry.Name}': frame at {entry.Offset} of {entry.CompressedLength} bytes does not follow the previous one (at {next})");
            }

            next += entry.CompressedLength;
            rawTotal = entry.RawLength > long.MaxValue - rawTotal ? long.MaxValue : rawTotal + entry.RawLength;
            previous = entry.Name;
        }

        if (payloadStart + next != fileLength)
        {
            Corrupt(path, payloadStart, payloadStart + next > fileLength
                ? $"truncated: the frames end at {payloadStart + next}, past the end of the file ({fileLength} bytes)"
                : $"{fileLength - payloadStart - next} bytes follow the last frame");
        }

        long limit = ArtifactFormat.DecodedLimit(fileLength);
        if (rawTotal > limit)
        {
            SyncErrors.ResourceExhausted($"'{path}' decodes to {rawTotal} bytes, more than the limit of {limit}");
        }
    }

    private static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name is not "." and not ".." && name.IndexOfAny(['/', '\\', '\0']) < 0 &&
        Encoding.UTF8.GetByteCount(name) <= ArtifactFormat.MaxNameBytes;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Corrupt(string path, long offset, string reason) => throw new CorruptionException(path, offset, reason);
}
