using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;
using Engine.Core.Storage;
using Engine.Lsm.Manifest;
using ZstdSharp;

namespace Engine.Api.Sync.Artifact;

/// <summary>
/// Writes a packed artifact (docs/format/artifact.md) from a store directory that nothing writes meanwhile (a
/// checkpoint, or a closed store): frames into a spool first, since the manifest that precedes them holds their lengths,
/// then header, manifest and spool into <c>path.tmp</c>, synced and renamed over the artifact.
/// </summary>
/// <remarks>Stateless; thread-safe for distinct targets.</remarks>
internal static class ArtifactWriter
{
    /// <summary>Bytes read from a store file per step: large enough that a table streams in few calls.</summary>
    private const int BufferSizeBytes = 256 << 10;

    /// <summary>Files compressed at once: bounds the compressed frames held in memory (a table is at most 8 MiB raw).</summary>
    private const int MaxParallelFiles = 4;

    /// <summary>
    /// Packs every file of <paramref name="sourceDirectory"/> but the lock into <paramref name="artifactPath"/>
    /// atomically, with <paramref name="manifest"/>'s syncs; <paramref name="spoolPath"/> is scratch space, removed after.
    /// On failure the previous artifact, if any, is untouched.
    /// </summary>
    /// <exception cref="StorageException">I/O failed; ResourceExhausted: the manifest would exceed its limit.</exception>
    public static void Write(IFileSystem fs, string sourceDirectory, string artifactPath, ArtifactManifest manifest, string spoolPath)
    {
        try
        {
            manifest.Files = CompressFiles(fs, sourceDirectory, spoolPath);
            byte[] manifestBytes = RecordSerializer.Serialize(manifest);
            if (manifestBytes.Length > ArtifactFormat.MaxManifestBytes)
            {
                SyncErrors.ResourceExhausted($"the artifact manifest takes {manifestBytes.Length} bytes, more than {ArtifactFormat.MaxManifestBytes}");
            }

            WriteAtomically(fs, artifactPath, manifestBytes, spoolPath);
        }
        finally
        {
            TryDelete(fs, spoolPath);
        }
    }

    /// <summary>
    /// Compresses each store file into the spool, one frame each, in ordinal name order; returns their entries. Files are
    /// compressed a window at a time, one per core (at most four) in parallel, each into memory, and appended in order: the frames are
    /// independent, and a window holds at most a few compressed tables.
    /// </summary>
    private static List<ArtifactFileEntry> CompressFiles(IFileSystem fs, string sourceDirectory, string spoolPath)
    {
        List<string> names = [];
        foreach (string name in fs.List(sourceDirectory))
        {
            if (name != FileNames.Lock)
            {
                names.Add(name);
            }
        }

        List<ArtifactFileEntry> files = [];
        using IWritableFile spool = fs.Create(spoolPath);
        using AppendStream output = new(spool);
        int window = Math.Clamp(Environment.ProcessorCount, 1, MaxParallelFiles);
        (ArtifactFileEntry Entry, MemoryStream Frame)[] compressed = new (ArtifactFileEntry, MemoryStream)[window];
        for (int at = 0; at < names.Count; at += window)
        {
            int count = Math.Min(window, names.Count - at);
            try
            {
                Parallel.For(0, count, i => compressed[i] = CompressFile(fs, Path.Combine(sourceDirectory, names[at + i]), names[at + i]));
            }
            catch (AggregateException ex)
            {
                // The first failure as itself (a StorageException for I/O), not wrapped.
                ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            }

            for (int i = 0; i < count; i++)
            {
                (ArtifactFileEntry entry, MemoryStream frame) = compressed[i];
                entry.Offset = output.Length;
                entry.CompressedLength = frame.Length;
                output.Write(frame.GetBuffer().AsSpan(0, (int)frame.Length));
                files.Add(entry);
                compressed[i] = default;
            }
        }

        return files;
    }

    /// <summary>One store file as one zstd frame in memory, with its entry (offset still to set).</summary>
    private static (ArtifactFileEntry Entry, MemoryStream Frame) CompressFile(IFileSystem fs, string path, string name)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSizeBytes);
        try
        {
            using IReadableFile input = fs.OpenRead(path);
            MemoryStream output = new();
            XxHash64 hash = new();
            long offset = 0;
            using (Compressor compressor = new(ArtifactFormat.CompressionLevel))
            using (CompressionStream frame = new(output, compressor, leaveOpen: true))
            {
                // The pledged size puts the raw length in the frame header, so a decoder can check it before decoding.
                frame.SetPledgedSrcSize((ulong)input.Length);
                while (offset < input.Length)
                {
                    int read = input.Read(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, input.Length - offset)));
                    if (read == 0)
                    {
                        SyncErrors.Internal($"the store file '{path}' shrank while it was packed");
                    }

                    hash.Append(buffer.AsSpan(0, read));
                    frame.Write(buffer, 0, read);
                    offset += read;
                }
            }

            return (new ArtifactFileEntry { Name = name, RawLength = offset, RawXxh64 = hash.GetCurrentHashAsUInt64() }, output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Header, manifest and spool into <c>path.tmp</c>; synced, renamed over the artifact, synced again.</summary>
    private static void WriteAtomically(IFileSystem fs, string artifactPath, byte[] manifestBytes, string spoolPath)
    {
        string temp = artifactPath + ".tmp";
        try
        {
            using (IWritableFile output = fs.Create(temp))
            {
                Span<byte> header = stackalloc byte[ArtifactFormat.HeaderLength];
                ArtifactFormat.WriteHeader(header, manifestBytes.Length, XxHash64.HashToUInt64(manifestBytes));
                output.Append(header);
                output.Append(manifestBytes);
                AppendFile(fs, spoolPath, output);
                output.Sync();
            }

            fs.Rename(temp, artifactPath);

            // Syncing the renamed file makes the rename durable (the file-system contract in IFileSystem).
            using IWritableFile renamed = fs.OpenForAppend(artifactPath);
            renamed.Sync();
        }
        catch
        {
            TryDelete(fs, temp);
            throw;
        }
    }

    private static void AppendFile(IFileSystem fs, string path, IWritableFile output)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSizeBytes);
        try
        {
            using IReadableFile input = fs.OpenRead(path);
            long offset = 0;
            while (offset < input.Length)
            {
                int read = input.Read(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, input.Length - offset)));
                if (read == 0)
                {
                    SyncErrors.Internal($"the spool '{path}' shrank while it was copied");
                }

                output.Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Best-effort removal of scratch files: the caller is already failing or done.</summary>
    internal static void TryDelete(IFileSystem fs, string path)
    {
        try
        {
            fs.Delete(path);
        }
        catch (StorageException)
        {
            // A leftover scratch file is garbage the next pack replaces; the caller's own outcome matters more.
        }
    }
}
