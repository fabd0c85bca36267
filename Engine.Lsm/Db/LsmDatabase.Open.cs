using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Manifest;
using Engine.Lsm.Memtables;
using Engine.Lsm.Wal;


namespace Engine.Lsm.Db;

/// <summary>Recovery: manifest, then WALs, then a clean start (docs/format/manifest.md, "Open").</summary>
internal sealed partial class LsmDatabase
{
    private void Recover()
    {
        bool exists = _versions.Exists();
        if (exists && _options.ErrorIfExists)
        {
            ThrowHelper.ThrowAlreadyExists($"A store exists at '{_directory}'.");
        }

        if (!exists && !_options.CreateIfMissing)
        {
            ThrowHelper.ThrowNotFound($"No store at '{_directory}'.");
        }

        if (exists)
        {
            _versions.Recover();
        }

        IReadOnlyList<string> names = _fs.List(_directory);
        List<ulong> logs = [];
        foreach (string name in names)
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind != FileKind.Current && kind != FileKind.Lock)
            {
                _versions.MarkFileNumberUsed(number);
                if (kind == FileKind.Log && number >= _versions.LogNumber)
                {
                    logs.Add(number);
                }
            }
        }

        foreach (FileMetadata file in _versions.Current.AllFiles())
        {
            string path = FileNames.Table(_directory, file.Number);
            if (!_fs.Exists(path))
            {
                ThrowHelper.ThrowCorruption(path, 0, "the manifest lists this table but the file is missing");
            }
        }

        logs.Sort();
        ulong lastSequence = _versions.LastSequence;
        VersionEdit edit = new();
        for (int i = 0; i < logs.Count; i++)
        {
            lastSequence = ReplayLog(logs[i], isLast: i == logs.Count - 1, lastSequence, edit);
        }

        // Everything recovered is in tables now; a fresh WAL and manifest take over.
        ulong logNumber = _versions.NewFileNumber();
        edit.LogNumber = logNumber;
        edit.LastSequence = lastSequence;
        _versions.ApplyRecovered(edit);
        _versions.WriteNewManifest();
        _log = new LogWriter(_fs.Create(FileNames.Log(_directory, logNumber)));
        _memLogNumber = logNumber;
        _lastSequence = lastSequence;
        _visibleSequence = lastSequence;
        lock (_mutex)
        {
            PublishReadStateLocked();
        }

        WriteOptionsFile();
        DeleteGarbage(logNumber);
    }

    /// <summary>Replays one WAL into memtables, flushing each to an L0 table recorded in <paramref name="edit"/>.</summary>
    private ulong ReplayLog(ulong number, bool isLast, ulong lastSequence, VersionEdit edit)
    {
        string path = FileNames.Log(_directory, number);
        Memtable memtable = NewMemtable(0);
        using (IReadableFile file = _fs.OpenRead(path))
        {
            using LogReader reader = LogReader.Open(file, _options.WalRecoveryMode);
            using WriteBatch batch = new();
            while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
            {
                if (record.Length == 0)
                {
                    continue;
                }

                BatchReader.Validate(record, path, offset);
                batch.SetFromEncoded(record);
                long needed = batch.Data.Length + (batch.Count * 64L);
                if (memtable.ApproximateMemoryUsage + needed > memtable.Capacity)
                {
                    FlushRecovered(memtable, edit);
                    memtable.Release();
                    memtable = NewMemtable(needed);
                }

                ApplyToMemtable(batch, memtable);
                lastSequence = Math.Max(lastSequence, batch.Sequence + (ulong)batch.Count - 1);
            }

            if (reader.TornTailOffset is long tornAt)
            {
                if (!isLast)
                {
                    ThrowHelper.ThrowCorruption(path, tornAt, "a WAL that is not the newest ends in a torn record");
                }

                _stats.RecordTornTail(reader.DroppedBytes);
            }
        }

        FlushRecovered(memtable, edit);
        memtable.Release();
        return lastSequence;
    }

    private void FlushRecovered(Memtable memtable, VersionEdit edit)
    {
        if (!memtable.IsEmpty)
        {
            edit.NewFiles.Add((0, WriteMemtableTable(memtable)));
        }
    }

    private void WriteOptionsFile()
    {
        ulong number = _versions.NewFileNumber();
        using IWritableFile file = _fs.Create(FileNames.Options(_directory, number));
        file.Append(Encoding.UTF8.GetBytes(_options.ToOptionsFileText()));
        file.Sync();
    }

    /// <summary>Deletes what nothing references: older manifests, flushed WALs, unlisted tables, old options files.</summary>
    private void DeleteGarbage(ulong liveLogNumber)
    {
        HashSet<ulong> liveTables = [];
        foreach (FileMetadata file in _versions.Current.AllFiles())
        {
            liveTables.Add(file.Number);
        }

        ulong newestOptions = 0;
        foreach (string name in _fs.List(_directory))
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number) && kind == FileKind.Options)
            {
                newestOptions = Math.Max(newestOptions, number);
            }
        }

        foreach (string name in _fs.List(_directory))
        {
            if (!FileNames.TryParse(name, out FileKind kind, out ulong number))
            {
                continue;
            }

            bool garbage = kind switch
            {
                FileKind.Log => number < liveLogNumber,
                FileKind.Table => !liveTables.Contains(number),
                FileKind.Manifest => number != _versions.ManifestNumber,
                FileKind.Options => number != newestOptions,
                FileKind.Current => name == FileNames.CurrentTemp,
                _ => false,
            };
            if (garbage && kind == FileKind.Log)
            {
                RetireLog(name);
            }
            else if (garbage)
            {
                TryDelete(Path.Combine(_directory, name));
            }
        }
    }
}
