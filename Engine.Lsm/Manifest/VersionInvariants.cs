using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using Engine.Api;
using Engine.Core.Diagnostics;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Lsm.Options;

namespace Engine.Lsm.Manifest;

/// <summary>
/// The cheap invariants of a version's table lists, checked from the manifest's metadata alone: L0 newest first, no
/// overlap and key order in L1 and below, sane bounds per table, and (optionally) every listed file present.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Find(TreeVersion, string, Func{string, bool})"/> runs in every build and feeds the store check (Verify).
/// <see cref="CheckAfterChange"/> exists only in builds defining <c>ENGINE_INVARIANTS</c> (Debug): the version set
/// calls it after installing each new version, and it throws through <see cref="Invariant"/> when
/// <see cref="LsmOptions.CheckInvariantsAfterVersionChange"/> is on, so that a test catches a broken version at the
/// edit that made it rather than at a later read. It reads no table, only metadata and (for presence) the directory.
/// </para>
/// <para>Stateless; thread-safe.</para>
/// </remarks>
internal static class VersionInvariants
{
    /// <summary>The problems of <paramref name="version"/>; empty when it holds every invariant.</summary>
    /// <param name="version">The version; the caller holds a reference.</param>
    /// <param name="directory">The store directory, to name the tables.</param>
    /// <param name="exists">Tells whether a table path exists; null skips the presence check.</param>
    public static List<VerifyProblem> Find(TreeVersion version, string directory, Func<string, bool>? exists)
    {
        FileMetadata[][] levels = new FileMetadata[TreeVersion.LevelCount][];
        for (int level = 0; level < levels.Length; level++)
        {
            levels[level] = version.Files(level).ToArray();
        }

        return Find(levels, directory, exists);
    }

    /// <summary>The problems of the table lists <paramref name="levels"/> (L0 first, each in its level's order).</summary>
    /// <remarks>Takes plain lists so that a test can build a broken version that <see cref="TreeVersion.Apply"/> would refuse.</remarks>
    public static List<VerifyProblem> Find(IReadOnlyList<FileMetadata[]> levels, string directory, Func<string, bool>? exists)
    {
        ArgumentNullException.ThrowIfNull(levels);
        List<VerifyProblem> problems = [];
        for (int level = 0; level < levels.Count; level++)
        {
            FileMetadata[] files = levels[level];
            for (int i = 0; i < files.Length; i++)
            {
                FileMetadata file = files[i];
                string path = FileNames.Table(directory, file.Number);
                if (exists is not null && !exists(path))
                {
                    problems.Add(new VerifyProblem(VerifyProblemKind.MissingFile, path, level, null, $"the manifest lists table {file.Number} in L{level} but the file is missing"));
                }

                bool boundsValid = file.Smallest.Length >= InternalKey.TrailerSize && file.Largest.Length >= InternalKey.TrailerSize;
                if (!boundsValid || InternalKey.Compare(file.Smallest, file.Largest) > 0 || file.SmallestSequence > file.LargestSequence)
                {
                    problems.Add(new VerifyProblem(VerifyProblemKind.MetadataMismatch, path, level, null, $"table {file} in L{level} has inverted or malformed bounds"));
                    continue;
                }

                if (i == 0)
                {
                    continue;
                }

                FileMetadata previous = files[i - 1];
                if (level == 0 && previous.LargestSequence < file.LargestSequence)
                {
                    problems.Add(new VerifyProblem(VerifyProblemKind.LevelOrder, path, level, null,
                        $"L0 is not newest first: table {previous.Number} (largest sequence {previous.LargestSequence}) precedes table {file.Number} (largest sequence {file.LargestSequence})"));
                }
                else if (level > 0 && previous.Largest.Length >= InternalKey.TrailerSize && InternalKey.Compare(previous.Largest, file.Smallest) >= 0)
                {
                    problems.Add(new VerifyProblem(VerifyProblemKind.LevelOrder, path, level, null,
                        $"tables {previous.Number} and {file.Number} overlap or are out of key order in L{level}"));
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Throws a <see cref="Api.StorageException"/> with code Internal when <paramref name="options"/> ask for
    /// the check and <paramref name="version"/> breaks an invariant, a listed table's file missing included. The call,
    /// arguments and all, is compiled away unless <c>ENGINE_INVARIANTS</c> is defined.
    /// </summary>
    [Conditional("ENGINE_INVARIANTS")]
    public static void CheckAfterChange(TreeVersion version, LsmOptions options, IFileSystem fs, string directory)
    {
        if (!options.CheckInvariantsAfterVersionChange)
        {
            return;
        }

        List<VerifyProblem> problems = Find(version, directory, fs.Exists);
        if (problems.Count > 0)
        {
            Invariant.Assert(false, Describe(problems));
        }
    }

    private static string Describe(List<VerifyProblem> problems)
    {
        StringBuilder text = new("the new version breaks ");
        text.Append(problems.Count).Append(problems.Count == 1 ? " level invariant:" : " level invariants:");
        foreach (VerifyProblem problem in problems)
        {
            text.Append(" [").Append(problem.Kind).Append("] ").Append(problem.Message).Append(';');
        }

        return text.ToString();
    }
}
