using System;
using System.IO;
using System.Text;
using Engine.Core.Buffers;
using Engine.Core.Storage;
using Engine.Lsm.Wal;

namespace Engine.Lsm.Manifest;

/// <summary>
/// Writes a complete manifest for a version into a directory, followed by the <c>CURRENT</c> file that names it:
/// what a checkpoint needs to become an openable store.
/// </summary>
/// <remarks>
/// <para>
/// The manifest holds one snapshot record (format version, log number, next file number, last sequence and every
/// table; docs/format/manifest.md) and is closed cleanly, which syncs it. <c>CURRENT</c> is written last, through
/// <c>CURRENT.tmp</c>, a sync, a rename and a sync of the renamed file, so that a crash at any point leaves either no
/// <c>CURRENT</c> (not a store) or one naming a complete manifest; the tables it lists must be synced before the call.
/// </para>
/// <para>
/// The one copy of the manifest/CURRENT durability protocol: checkpoints write a finished manifest with
/// <see cref="Write"/>, and the store's <see cref="VersionSet"/> starts each new manifest with <see cref="Start"/>.
/// </para>
/// <para>Stateless; thread-safe. The target directory must belong to one writer.</para>
/// </remarks>
internal static class ManifestSnapshotWriter
{
    /// <summary>Writes <c>MANIFEST-<paramref name="manifestNumber"/></c> describing <paramref name="version"/>, then <c>CURRENT</c>.</summary>
    /// <param name="fs">The file system of <paramref name="directory"/>.</param>
    /// <param name="directory">The target directory; it exists.</param>
    /// <param name="version">The version to describe; the caller holds a reference.</param>
    /// <param name="manifestNumber">The manifest's file number; below <paramref name="nextFileNumber"/>.</param>
    /// <param name="logNumber">WALs numbered below this hold nothing the tables lack.</param>
    /// <param name="lastSequence">At least the largest sequence number in any of the tables.</param>
    /// <param name="nextFileNumber">Above every file number the directory uses.</param>
    public static void Write(IFileSystem fs, string directory, TreeVersion version, ulong manifestNumber, ulong logNumber, ulong lastSequence, ulong nextFileNumber)
    {
        LogWriter writer = Open(fs, directory, version, manifestNumber, logNumber, lastSequence, nextFileNumber);

        // Close syncs, and releases the file even when it throws.
        writer.Close();
        WriteCurrent(fs, directory, manifestNumber);
    }

    /// <summary>
    /// Writes and syncs the snapshot manifest as <see cref="Write"/> does, points <c>CURRENT</c> at it, and returns it
    /// open so the caller can append edits: the start of a live store's new manifest.
    /// </summary>
    /// <returns>The manifest's writer; the caller owns it. Nothing is left open when this throws.</returns>
    public static LogWriter Start(IFileSystem fs, string directory, TreeVersion version, ulong manifestNumber, ulong logNumber, ulong lastSequence, ulong nextFileNumber)
    {
        LogWriter writer = Open(fs, directory, version, manifestNumber, logNumber, lastSequence, nextFileNumber);
        try
        {
            writer.Sync();
            WriteCurrent(fs, directory, manifestNumber);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>Creates the manifest and appends the snapshot record, unsynced.</summary>
    private static LogWriter Open(IFileSystem fs, string directory, TreeVersion version, ulong manifestNumber, ulong logNumber, ulong lastSequence, ulong nextFileNumber)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(version);
        VersionEdit snapshot = new()
        {
            FormatVersion = VersionEditCodec.CurrentFormatVersion,
            LogNumber = logNumber,
            LastSequence = lastSequence,
            NextFileNumber = nextFileNumber,
        };
        for (int level = 0; level < TreeVersion.LevelCount; level++)
        {
            foreach (FileMetadata file in version.Files(level))
            {
                snapshot.NewFiles.Add((level, file));
            }
        }

        LogWriter writer = new(fs.Create(FileNames.Manifest(directory, manifestNumber)));
        try
        {
            using PooledBufferWriter buffer = new();
            VersionEditCodec.Encode(snapshot, buffer);
            writer.AddRecord(buffer.WrittenSpan);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>Points <c>CURRENT</c> at <c>MANIFEST-<paramref name="manifestNumber"/></c> atomically and durably.</summary>
    public static void WriteCurrent(IFileSystem fs, string directory, ulong manifestNumber)
    {
        ArgumentNullException.ThrowIfNull(fs);
        string temp = Path.Combine(directory, FileNames.CurrentTemp);
        string current = Path.Combine(directory, FileNames.Current);
        using (IWritableFile file = fs.Create(temp))
        {
            file.Append(Encoding.ASCII.GetBytes(FileNames.ManifestName(manifestNumber) + "\n"));
            file.Sync();
        }

        fs.Rename(temp, current);

        // Syncing the renamed file makes the rename durable (the file-system contract in IFileSystem).
        using IWritableFile renamed = fs.OpenForAppend(current);
        renamed.Sync();
    }
}
