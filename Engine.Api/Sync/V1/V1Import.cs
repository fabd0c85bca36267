using System;
using System.IO;
using Engine.Api.Sync.Transfer;

namespace Engine.Api.Sync.V1;

/// <summary>
/// Imports the syncs of a reference v1 <c>.c1z</c> file into a transfer target (shared/spec/baton-storage.md, sections
/// 4.17 and 9) with no native code: the zstd frame is decoded to a temporary database file, which the managed SQLite
/// reader streams through <see cref="V1SyncSource"/> into the target.
/// </summary>
/// <remarks>
/// Memory stays bounded whatever the file's size: the decoder streams to disk, the reader holds a page at a time, and the
/// copy hands the target <see cref="SyncTransfer.RowsPerBatch"/> rows at a time. The temporary file is deleted on success
/// and on failure. Stateless; thread-safe.
/// </remarks>
public static class V1Import
{
    /// <summary>
    /// Copies every sync of the v1 file at <paramref name="c1zPath"/> into <paramref name="target"/>, in the file's
    /// creation order; a zero-length file holds none (the reference opens it as a new, empty store).
    /// </summary>
    /// <returns>The number of syncs imported.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="V1FileException">The file is not a v1 file, exceeds a limit, or is damaged; a table or column is missing.</exception>
    /// <exception cref="StorageException">NotFound: no file at <paramref name="c1zPath"/>; what the target throws.</exception>
    /// <exception cref="IOException">The file or the temporary file could not be read or written.</exception>
    public static int Import(string c1zPath, ISyncTransferTarget target, V1ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(c1zPath);
        ArgumentNullException.ThrowIfNull(target);
        options ??= V1ImportOptions.Default;
        FileInfo file = new(c1zPath);
        if (!file.Exists)
        {
            throw new StorageException(StorageErrorCode.NotFound, $"no v1 file at '{c1zPath}'");
        }

        if (file.Length == 0)
        {
            return 0;
        }

        string database = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"c1z-import-{Guid.NewGuid():N}.db");
        try
        {
            V1Container.DecompressFile(c1zPath, database, options.Limits);
            using V1SyncSource source = new(database, options.TimeZone, c1zPath);
            return SyncTransfer.Copy(source, target);
        }
        catch (V1FileException ex) when (ex.FilePath == database)
        {
            // The reader names the file it reads, a temporary one; the caller knows the .c1z.
            string prefix = $"v1 file '{database}': ";
            int at = ex.Message.IndexOf(prefix, StringComparison.Ordinal);
            string detail = at < 0 ? ex.Message : ex.Message[(at + prefix.Length)..];
            throw new V1FileException(ex.Problem, c1zPath, "the database inside: " + detail, ex);
        }
        finally
        {
            File.Delete(database);
        }
    }
}
