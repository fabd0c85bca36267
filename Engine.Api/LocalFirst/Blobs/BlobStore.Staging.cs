using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Blobs.Files;
using Engine.Api.LocalFirst.Blobs.Records;
using Engine.Api.LocalFirst.Blobs.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>Streaming a source into a staged body: inline, chunk records, or a temporary blob file.</summary>
public sealed partial class BlobStore
{
    /// <summary>
    /// Reads <paramref name="source"/> to its end through one chunk-sized buffer, hashing as it goes, and stages it:
    /// inline when it fits <see cref="BlobStoreOptions.InlineLimitBytes"/>, else as chunks under a new body id (named by
    /// a staging marker written before the first chunk), switching to a temporary blob file once the size passes
    /// <see cref="BlobStoreOptions.FileThresholdBytes"/>. Nothing is visible yet; a failure removes what was staged.
    /// </summary>
    private async ValueTask<StagedBody> StageAsync(Stream source, CancellationToken cancellationToken)
    {
        StagingState state = new(BlobIds.New(Now), _options.ChunkSizeBytes);
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            while (true)
            {
                int read = await source.ReadAsync(state.Buffer.AsMemory(state.Filled, _options.ChunkSizeBytes - state.Filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(state.Buffer, state.Filled, read);
                state.Filled += read;
                state.Total += read;
                if (state.Filled == _options.ChunkSizeBytes)
                {
                    Spill(state);
                }
            }

            byte[] sha256 = hash.GetHashAndReset();
            if (state.File is null && state.Chunks == 0 && state.Total <= _options.InlineLimitBytes)
            {
                return new StagedBody(new BlobBody(BlobStorageKind.Inline, state.Total, sha256, state.Buffer.AsSpan(0, state.Filled).ToArray(), null, 0), null);
            }

            if (state.Filled > 0)
            {
                Spill(state);
            }

            if (state.File is not null)
            {
                state.File.Complete(sha256);
                state.File.Dispose();
                return new StagedBody(new BlobBody(BlobStorageKind.File, state.Total, sha256, null, state.BodyId, 0), _paths.TempFile(state.BodyId));
            }

            return new StagedBody(new BlobBody(BlobStorageKind.Chunks, state.Total, sha256, null, state.BodyId, _options.ChunkSizeBytes), null);
        }
        catch
        {
            state.File?.Dispose();
            TryDiscard(state.BodyId, state.Staged, state.File is null ? null : _paths.TempFile(state.BodyId));
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(state.Buffer);
        }
    }

    /// <summary>Writes the buffer's bytes out: one chunk record, or into the blob file once past the threshold.</summary>
    private void Spill(StagingState state)
    {
        ReadOnlySpan<byte> data = state.Buffer.AsSpan(0, state.Filled);
        state.Filled = 0;
        if (state.File is null && state.Total > _options.FileThresholdBytes)
        {
            state.File = SwitchToFile(state.BodyId, state.Chunks);
        }

        if (state.File is not null)
        {
            state.File.Write(data);
            return;
        }

        if (!state.Staged)
        {
            // Before the first chunk, in the same log: a crash that keeps any chunk keeps the marker that names it.
            Database.Put(BlobKeys.Staging(state.BodyId), BlobRecords.Serialize(new BlobStagingRecord { CreatedAt = Now.ToUnixTimeMilliseconds() }), Durability.Buffered);
            state.Staged = true;
        }

        Database.Put(BlobKeys.Chunk(state.BodyId, state.Chunks++), data, Durability.Buffered);
    }

    /// <summary>Creates the temporary blob file and copies the chunks staged so far into it, then drops them.</summary>
    private BlobFileWriter SwitchToFile(string bodyId, long chunks)
    {
#pragma warning disable CA2000 // Returned to the staging pass, which disposes it; disposed here on failure.
        BlobFileWriter file = new(FileSystem.Create(_paths.TempFile(bodyId)), _options.FileSegmentSizeBytes);
#pragma warning restore CA2000
        if (chunks == 0)
        {
            return file;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(_options.ChunkSizeBytes);
        try
        {
            for (long chunk = 0; chunk < chunks; chunk++)
            {
                byte[] key = BlobKeys.Chunk(bodyId, chunk);
                if (!Database.TryGet(key, copy, out int length) || length != _options.ChunkSizeBytes)
                {
                    throw new CorruptionException(StoreName, key, $"a staged chunk reads back as {length} bytes, not {_options.ChunkSizeBytes}");
                }

                file.Write(copy.AsSpan(0, length));
            }

            (byte[] start, byte[] end) = BlobKeys.ChunkRange(bodyId);
            Database.DeleteRange(start, end, Durability.Buffered);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// Removes a staged body that will never be committed: its chunks and marker, its temporary file. Best effort: what
    /// this leaves, the next open removes.
    /// </summary>
    private void TryDiscard(string bodyId, bool staged, string? tempFile)
    {
        try
        {
            if (tempFile is not null)
            {
                FileSystem.Delete(tempFile);
            }

            if (staged)
            {
                using WriteBatch batch = new();
                AddDiscard(batch, bodyId);
                Database.Write(batch, Durability.Buffered);
            }
        }
        catch (Exception ex) when (ex is StorageException or ObjectDisposedException)
        {
            // Garbage collection at the next open finds the staging marker and the temporary file.
        }
    }

    /// <summary>Adds the removal of a staged body's chunks and its staging marker to <paramref name="batch"/>.</summary>
    private static void AddDiscard(WriteBatch batch, string bodyId)
    {
        (byte[] start, byte[] end) = BlobKeys.ChunkRange(bodyId);
        batch.DeleteRange(start, end);
        batch.Delete(BlobKeys.Staging(bodyId));
    }

    /// <summary>Moves a completed temporary file to <paramref name="path"/> and makes the new name durable.</summary>
    private void PlaceFile(string tempFile, string path)
    {
        FileSystem.CreateDirectory(Path.GetDirectoryName(path)!);
        FileSystem.Rename(tempFile, path);

        // A rename is durable once the renamed file is synced (the IFileSystem contract).
        using Core.Storage.IWritableFile placed = FileSystem.OpenForAppend(path);
        placed.Sync();
    }

    /// <summary>The mutable state of one staging pass.</summary>
    private sealed class StagingState(string bodyId, int chunkSize)
    {
        public string BodyId { get; } = bodyId;

        public byte[] Buffer { get; } = ArrayPool<byte>.Shared.Rent(chunkSize);

        public int Filled { get; set; }

        public long Total { get; set; }

        public long Chunks { get; set; }

        public bool Staged { get; set; }

        public BlobFileWriter? File { get; set; }
    }
}
