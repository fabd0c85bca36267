using System;
using System.IO;
using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Artifact;
using Engine.Api.Sync.V1;

namespace Engine.Cli.Store;

/// <summary>
/// Opens whatever path a command names as a store: a store directory, our packed artifact, or the reference's v1
/// <c>.c1z</c> (told apart by their first bytes, never by the file name). Read-only unless the command writes.
/// </summary>
internal static class StoreOpener
{
    public static StoreHandle Open(string path, StoreAccess access, SyncStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SyncStoreOptions.Default;
        bool writes = access != StoreAccess.Read;
        if (Directory.Exists(path))
        {
            return new StoreHandle(OpenDirectory(path, access, options), path, StoreKind.Directory, saveOnClose: writes);
        }

        if (!File.Exists(path))
        {
            if (access == StoreAccess.Create)
            {
                return new StoreHandle(SyncStore.Open(path, options with { ReadOnly = false }), path, StoreKind.Directory, saveOnClose: true);
            }

            throw new CliException(ExitCodes.NotFound, $"no store directory or .c1z file at '{path}'");
        }

        StoreKind kind = KindOfFile(path);
        if (kind == StoreKind.Artifact)
        {
            return new StoreHandle(SyncStore.OpenArtifact(path, options with { ReadOnly = !writes }), path, kind, saveOnClose: writes);
        }

        if (writes)
        {
            throw new CliException(ExitCodes.Refused, $"'{path}' is a v1 .c1z file, which this command does not modify: import it into a store first ({CliApp.Name} import)");
        }

        string scratch = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"engine-cli-{Guid.NewGuid():N}");
        try
        {
            SyncStore store = SyncStore.CreateFromV1(path, Path.Combine(scratch, "store"), options with { ReadOnly = false });
            return new StoreHandle(store, path, kind, saveOnClose: false, scratchDirectory: scratch);
        }
        catch
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }

            throw;
        }
    }

    /// <summary>What the file at <paramref name="path"/> is, from its magic bytes.</summary>
    public static StoreKind KindOfFile(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        ReadOnlySpan<byte> start = head[..read];
        if (start.StartsWith(ArtifactFormat.Magic))
        {
            return StoreKind.Artifact;
        }

        if (V1Container.HasMagic(start))
        {
            return StoreKind.V1File;
        }

        throw new CliException(ExitCodes.Damaged, $"'{path}' is neither a store directory nor a .c1z file (unknown first bytes)");
    }

    private static SyncStore OpenDirectory(string path, StoreAccess access, SyncStoreOptions options)
    {
        if (access == StoreAccess.Create)
        {
            return SyncStore.Open(path, options with { ReadOnly = false });
        }

        try
        {
            return SyncStore.Open(path, options with { ReadOnly = access == StoreAccess.Read, Database = options.Database with { CreateIfMissing = false } });
        }
        catch (StorageException error) when (error.Code == StorageErrorCode.NotFound || IsEmpty(path))
        {
            throw new CliException(ExitCodes.NotFound, $"'{path}' holds no store", error);
        }
    }

    private static bool IsEmpty(string directory) => Directory.GetFileSystemEntries(directory).Length == 0;
}
