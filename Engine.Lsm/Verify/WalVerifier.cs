using System;
using System.Collections.Generic;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Lsm.Wal;

namespace Engine.Lsm.Verify;

/// <summary>
/// Reads every WAL the store still needs record by record: each chunk's checksum, each batch's framing, and no torn
/// record except at the end of the newest WAL, which a running writer may be appending to.
/// </summary>
/// <remarks>
/// Logs are read in <see cref="WalRecoveryMode.SkipCorrupted"/> mode so that one damaged record does not hide the
/// others; each is reported with its file and offset. A WAL deleted between the listing and the read (its memtable
/// was flushed meanwhile) is skipped: it holds nothing the store needs any more. Stateless; thread-safe.
/// </remarks>
internal static class WalVerifier
{
    /// <summary>Checks the WALs numbered <paramref name="liveLogNumber"/> and above among <paramref name="names"/>.</summary>
    public static void Verify(IFileSystem fs, string directory, IReadOnlyList<string> names, ulong liveLogNumber, VerifyReportBuilder report)
    {
        List<ulong> logs = [];
        foreach (string name in names)
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Log && number >= liveLogNumber)
            {
                logs.Add(number);
            }
        }

        logs.Sort();
        for (int i = 0; i < logs.Count; i++)
        {
            VerifyLog(fs, FileNames.Log(directory, logs[i]), isNewest: i == logs.Count - 1, report);
        }
    }

    private static void VerifyLog(IFileSystem fs, string path, bool isNewest, VerifyReportBuilder report)
    {
        using LogReader? reader = TryOpen(fs, path, report);
        if (reader is null)
        {
            return;
        }

        report.WalsChecked++;
        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
        {
            if (record.IsEmpty)
            {
                continue;
            }

            try
            {
                BatchReader.Validate(record, path, offset);
                report.WalRecordsChecked++;
            }
            catch (CorruptionException ex)
            {
                report.Add(VerifyProblemKind.Corruption, path, null, offset, ex.Reason);
            }
        }

        foreach ((long skipped, string reason) in reader.SkippedAt)
        {
            report.Add(VerifyProblemKind.Corruption, path, null, skipped, reason);
        }

        if (!isNewest && reader.TornTailOffset is long torn)
        {
            report.Add(VerifyProblemKind.Corruption, path, null, torn, "a WAL that is not the newest ends in a torn record");
        }
    }

    private static LogReader? TryOpen(IFileSystem fs, string path, VerifyReportBuilder report)
    {
        try
        {
            using IReadableFile file = fs.OpenRead(path);
            return LogReader.Open(file, WalRecoveryMode.SkipCorrupted);
        }
        catch (StorageException ex) when (ex.Code == StorageErrorCode.NotFound || !fs.Exists(path))
        {
            return null;
        }
        catch (StorageException ex)
        {
            report.Add(VerifyProblemKind.Unreadable, path, null, null, ex.Message);
            return null;
        }
    }
}
