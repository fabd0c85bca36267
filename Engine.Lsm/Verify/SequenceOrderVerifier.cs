using System;
using System.Collections.Generic;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;

namespace Engine.Lsm.Verify;

/// <summary>
/// Checks that, for every user key, newer entries live higher up: within L0 in newer tables, and any level above
/// every level below.
/// </summary>
/// <remarks>
/// <para>
/// The tables are merged in one pass in internal-key order, as one run per L0 table (newest first) and one run per
/// deeper level, each run ranked by how high it sits. The entries of one user key then arrive newest first, and their
/// runs' ranks must never go back up: an entry from a higher run after one from a lower run means the lower level
/// holds a newer version of the key than the level above it, which a read, stopping at the first level that has the
/// key, would never see. That is exactly the invariant reads rely on, checked for every key at the cost of one merge
/// over at most one open table per run. Only point entries are checked; range tombstones travel with their level's
/// data and are covered by the table checks.
/// </para>
/// <para>One problem is reported per lower table, the first key found. One instance, one thread.</para>
/// </remarks>
internal sealed class SequenceOrderVerifier
{
    private readonly List<TableRun> _runs;
    private readonly VerifyReportBuilder _report;
    private readonly HashSet<ulong> _reported = [];
    private byte[] _userKey = new byte[64];
    private int _userKeyLength = -1;
    private int _lowestRank;
    private ulong _lowestRankSequence;
    private FileMetadata? _lowestRankFile;

    private SequenceOrderVerifier(List<TableRun> runs, VerifyReportBuilder report)
    {
        _runs = runs;
        _report = report;
    }

    /// <summary>
    /// Merges the tables of <paramref name="levels"/> (index = level; L0 newest first, deeper levels in key order) and
    /// adds what it finds to <paramref name="report"/>. Pass only tables that passed their own checks.
    /// </summary>
    public static void Verify(IFileSystem fs, string directory, IReadOnlyList<List<FileMetadata>> levels, VerifyReportBuilder report)
    {
        List<TableRun> runs = [];
        try
        {
            for (int level = 0; level < levels.Count; level++)
            {
                if (level == 0)
                {
                    foreach (FileMetadata file in levels[0])
                    {
                        runs.Add(new TableRun(fs, directory, 0, [file]));
                    }
                }
                else if (levels[level].Count > 0)
                {
                    runs.Add(new TableRun(fs, directory, level, levels[level].ToArray()));
                }
            }

            new SequenceOrderVerifier(runs, report).Run();
        }
        catch (CorruptionException ex)
        {
            // The table passed its own check a moment ago; damage now means the medium is failing under us.
            report.Add(VerifyProblemKind.Corruption, ex.FilePath, null, ex.Offset, "while checking sequence order across levels: " + ex.Reason);
        }
        catch (StorageException ex)
        {
            report.Add(VerifyProblemKind.Unreadable, null, null, null, "while checking sequence order across levels: " + ex.Message);
        }
        finally
        {
            foreach (TableRun run in runs)
            {
                run.Dispose();
            }
        }
    }

    private void Run()
    {
        foreach (TableRun run in _runs)
        {
            run.First();
        }

        while (true)
        {
            int best = -1;
            for (int i = 0; i < _runs.Count; i++)
            {
                // Ties keep the higher run: equal internal keys are not a violation.
                if (_runs[i].Valid && (best < 0 || InternalKey.Compare(_runs[i].Key, _runs[best].Key) < 0))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return;
            }

            Visit(best);
            _runs[best].Next();
        }
    }

    private void Visit(int rank)
    {
        TableRun run = _runs[rank];
        ReadOnlySpan<byte> key = run.Key;
        ReadOnlySpan<byte> userKey = InternalKey.UserKey(key);
        ulong sequence = SequenceNumber.SequenceOf(InternalKey.Trailer(key));
        if (_userKeyLength < 0 || !userKey.SequenceEqual(_userKey.AsSpan(0, _userKeyLength)))
        {
            if (_userKey.Length < userKey.Length)
            {
                _userKey = new byte[Math.Max(userKey.Length, _userKey.Length * 2)];
            }

            userKey.CopyTo(_userKey);
            _userKeyLength = userKey.Length;
            _lowestRank = rank;
            _lowestRankSequence = sequence;
            _lowestRankFile = run.Current;
            return;
        }

        if (rank >= _lowestRank)
        {
            _lowestRank = rank;
            _lowestRankSequence = sequence;
            _lowestRankFile = run.Current;
            return;
        }

        // This entry is older than one already seen in a run below it. The lower run may have moved on to its next
        // table since, so the table is the one remembered with the rank.
        TableRun lower = _runs[_lowestRank];
        FileMetadata lowerFile = _lowestRankFile!;
        if (_reported.Add(lowerFile.Number))
        {
            _report.Add(VerifyProblemKind.SequenceOrder, lower.PathOf(lowerFile), lower.Level, null,
                $"L{lower.Level} table {lowerFile.Number} holds {KeyText.User(userKey)} at sequence {_lowestRankSequence}, newer than sequence {sequence} in L{run.Level} table {run.Current.Number} above it");
        }
    }
}
