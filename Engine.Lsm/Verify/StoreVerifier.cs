using System;
using System.Collections.Generic;
using System.IO;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Manifest;


namespace Engine.Lsm.Verify;

/// <summary>
/// Checks a version of a store against its directory: the level invariants of the manifest, every table block by
/// block, sequence order across levels, and which table files no version lists.
/// </summary>
/// <remarks>
/// <para>
/// Problems go into the report; nothing found in the store's files is thrown. Only a failure to list the directory
/// escapes, as the <see cref="Api.StorageException"/> it is.
/// </para>
/// <para>
/// Stateless; thread-safe. The caller pins <c>version</c> for the duration, so none of its tables is deleted under
/// the check, and lists the directory after pinning it, so every table the version lists is in the listing unless it
/// is really gone.
/// </para>
/// </remarks>
internal static class StoreVerifier
{
    /// <summary>Checks <paramref name="version"/> of the store in <paramref name="directory"/>.</summary>
    /// <param name="fs">The store's file system.</param>
    /// <param name="directory">The store directory.</param>
    /// <param name="version">The version to check; pinned by the caller.</param>
    /// <param name="names">The directory listing, taken after <paramref name="version"/> was pinned.</param>
    /// <param name="referenced">
    /// Table numbers that a version lists: those of <paramref name="version"/> and of any version installed since, so
    /// that the output of a flush or compaction that finished during the check is not reported as unreferenced.
    /// </param>
    /// <param name="liveLogNumber">The oldest WAL the store still needs; those from it on are read record by record. Null skips the WALs.</param>
    public static VerifyReport Verify(IFileSystem fs, string directory, TreeVersion version, IReadOnlyList<string> names, IReadOnlySet<ulong> referenced, ulong? liveLogNumber = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(referenced);
        VerifyReportBuilder report = new();
        HashSet<string> present = new(names, StringComparer.Ordinal);
        report.Problems.AddRange(VersionInvariants.Find(version, directory, path => present.Contains(Path.GetFileName(path))));

        List<FileMetadata>[] healthy = new List<FileMetadata>[TreeVersion.LevelCount];
        for (int level = 0; level < TreeVersion.LevelCount; level++)
        {
            healthy[level] = [];
            foreach (FileMetadata file in version.Files(level))
            {
                string path = FileNames.Table(directory, file.Number);
                if (present.Contains(Path.GetFileName(path)) && TableVerifier.Verify(fs, path, level, file, report))
                {
                    healthy[level].Add(file);
                }
            }
        }

        SequenceOrderVerifier.Verify(fs, directory, healthy, report);
        if (liveLogNumber is ulong logNumber)
        {
            WalVerifier.Verify(fs, directory, names, logNumber, report);
        }

        // Unreferenced files are reported, never deleted: a flush or compaction may be writing them right now.
        foreach (string name in names)
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Table && !referenced.Contains(number))
            {
                report.UnreferencedFiles.Add(name);
            }
        }

        return report.ToReport();
    }
}
