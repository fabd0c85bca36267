using System;
using System.Collections.Generic;
using System.IO;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Batch;
using Engine.Lsm.Cache;
using Engine.Lsm.Db;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Lsm.Sst;
using Engine.Lsm.Wal;

namespace Engine.Lsm.Salvage;

/// <summary>
/// Salvage: copies every intact record of a damaged store into a new one and reports what it had to leave behind.
/// </summary>
/// <remarks>
/// <para>
/// The source is read without opening it as a store, so that damage that would stop an open (a bad table, a broken
/// WAL record in the middle of a log) stops nothing here. The tables the manifest lists are read block by block: a
/// block whose checksum or structure fails is skipped and reported with its file and offset, its neighbours are kept
/// (the index was checked when the table opened; a table whose footer, meta blocks or index fail is lost whole). The
/// WALs the manifest still needs are read record by record in <see cref="WalRecoveryMode.SkipCorrupted"/> mode, each
/// skipped record reported. When the manifest itself cannot be read, every table and WAL in the directory is read.
/// </para>
/// <para>
/// Of every key the entry with the highest sequence number wins, wherever it was found; a point tombstone or a newer
/// range tombstone covering the key removes it. The survivors are written into a fresh store in key order. A damaged
/// block can hide the newest version of a key, so a salvaged key may come back with an older value: the report names
/// every lost block, which is the limit of what a salvage can promise.
/// </para>
/// <para>
/// Everything salvaged is held in memory until it is written, so a salvage needs memory on the order of the live
/// data. Stateless; thread-safe. The source's lock file is taken for the duration, so an open store is never read.
/// </para>
/// </remarks>
internal static class StoreSalvager
{
    /// <summary>Bytes of puts per batch written into the new store.</summary>
    private const int BatchBytes = 1 << 20;

    /// <summary>Salvages the store in <paramref name="source"/> into a new store in <paramref name="target"/>.</summary>
    /// <param name="fs">The file system holding both directories.</param>
    /// <param name="source">The damaged store's directory; read only.</param>
    /// <param name="target">The new store's directory: missing or empty.</param>
    /// <param name="options">The options the new store is created with.</param>
    /// <exception cref="DatabaseLockedException">The source store is open.</exception>
    /// <exception cref="StorageException">
    /// No store directory at <paramref name="source"/> (NotFound), the target holds files (AlreadyExists), or I/O failed
    /// writing the target.
    /// </exception>
    public static SalvageReport Salvage(IFileSystem fs, string source, string target, LsmOptions options)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(options);
        if (!fs.DirectoryExists(source))
        {
            ThrowHelper.ThrowNotFound($"No store at '{source}'.");
        }

        if (fs.DirectoryExists(target) && fs.List(target).Count > 0)
        {
            ThrowHelper.ThrowAlreadyExists($"The salvage target '{target}' is not empty.");
        }

        SalvageState state = new();
        using (fs.Lock(Path.Combine(source, FileNames.Lock)))
        {
            Read(fs, source, options, state);
        }

        long written = Write(fs, target, options, state);
        return state.ToReport(written);
    }

    private static void Read(IFileSystem fs, string source, LsmOptions options, SalvageState state)
    {
        IReadOnlyList<string> names = fs.List(source);
        (List<ulong>? tables, ulong logNumber) = ReadManifest(fs, source, options, state);
        List<ulong> logs = [];
        List<ulong> allTables = [];
        foreach (string name in names)
        {
            if (FileNames.TryParse(name, out FileKind kind, out ulong number))
            {
                if (kind == FileKind.Log && number >= logNumber)
                {
                    logs.Add(number);
                }
                else if (kind == FileKind.Table)
                {
                    allTables.Add(number);
                }
            }
        }

        HashSet<ulong> present = [.. allTables];
        foreach (ulong number in tables ?? allTables)
        {
            if (!present.Contains(number))
            {
                state.Lose(FileNames.Table(source, number), null, "the manifest lists this table but the file is missing");
                continue;
            }

            ReadTable(fs, FileNames.Table(source, number), state);
        }

        logs.Sort();
        for (int i = 0; i < logs.Count; i++)
        {
            ReadLog(fs, FileNames.Log(source, logs[i]), isNewest: i == logs.Count - 1, state);
        }
    }

    /// <summary>The tables the manifest lists and the oldest WAL it needs; (null, 0) with the loss reported when it cannot be read.</summary>
    private static (List<ulong>? Tables, ulong LogNumber) ReadManifest(IFileSystem fs, string source, LsmOptions options, SalvageState state)
    {
        // Nothing a version releases is deleted: the callback that would delete obsolete tables does nothing here.
        VersionSet versions = new(fs, source, options, static _ => { });
        try
        {
            versions.Recover();
            List<ulong> tables = [];
            foreach (FileMetadata file in versions.Current.AllFiles())
            {
                tables.Add(file.Number);
            }

            return (tables, versions.LogNumber);
        }
        catch (StorageException ex)
        {
            state.ManifestLost = true;
            string path = ex is CorruptionException corruption ? corruption.FilePath : Path.Combine(source, FileNames.Current);
            state.Lose(path, ex is CorruptionException c ? c.Offset : null, "the manifest cannot be read, so every table and WAL in the directory is read: " + ex.Message);
            return (null, 0);
        }
        finally
        {
            versions.Dispose();
        }
    }

    private static void ReadTable(IFileSystem fs, string path, SalvageState state)
    {
        state.TablesRead++;
        using SstReader? reader = TryOpenTable(fs, path, state);
        if (reader is null)
        {
            return;
        }

        foreach (RangeTombstone tombstone in reader.RangeTombstones)
        {
            state.AddRangeTombstone(tombstone.Start, tombstone.End, tombstone.Sequence);
        }

        BlockReader index = reader.IndexReader();
        BlockCursor indexCursor = default;
        byte[]? blockBuffer = null;
        byte[] keyBuffer = new byte[64];
        for (indexCursor.First(index); indexCursor.Valid; indexCursor.Next(index))
        {
            BlockHandle handle = SstReader.DataHandle(index, indexCursor);
            try
            {
                ReadOnlySpan<byte> contents = reader.DataBlock(indexCursor.RestartIndex, handle, ref blockBuffer, fillCache: false, out BlockLease lease, out _);
                lease.Dispose();
                BlockReader block = reader.DataReader(contents, handle);
                BlockCursor cursor = new(keyBuffer);
                for (cursor.First(block); cursor.Valid; cursor.Next(block))
                {
                    ReadOnlySpan<byte> key = cursor.Key(block);
                    state.Offer(InternalKey.UserKey(key), InternalKey.Trailer(key), cursor.Value(block));
                }

                keyBuffer = cursor.KeyBuffer;
                state.BlocksRead++;
            }
            catch (CorruptionException ex)
            {
                state.BlocksLost++;
                state.Lose(path, handle.Offset, ex.Reason);
            }
        }
    }

    private static void ReadLog(IFileSystem fs, string path, bool isNewest, SalvageState state)
    {
        using LogReader? reader = TryOpenLog(fs, path, state);
        if (reader is null)
        {
            return;
        }

        while (reader.TryReadRecord(out ReadOnlySpan<byte> record, out long offset))
        {
            if (record.IsEmpty)
            {
                continue;
            }

            try
            {
                BatchReader.Validate(record, path, offset);
                BatchReader batch = new(record, path, offset);
                ulong sequence = batch.Sequence;
                while (batch.TryReadNext(out KeyKind kind, out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value))
                {
                    state.Offer(key, SequenceNumber.MakeTrailer(sequence++, kind), value);
                }

                state.WalRecordsRead++;
            }
            catch (CorruptionException ex)
            {
                state.WalRecordsLost++;
                state.Lose(path, offset, ex.Reason);
            }
        }

        foreach ((long skippedOffset, string reason) in reader.SkippedAt)
        {
            state.WalRecordsLost++;
            state.Lose(path, skippedOffset, reason);
        }

        if (!isNewest && reader.TornTailOffset is long torn)
        {
            // Only the newest WAL may end in a record cut short by a crash; in an older one those bytes were written.
            state.WalRecordsLost++;
            state.Lose(path, torn, "a WAL that is not the newest ends in a torn record");
        }
    }

    /// <summary>Opens a table, which checks its footer, meta blocks and index; null, with the loss reported, when that fails.</summary>
    private static SstReader? TryOpenTable(IFileSystem fs, string path, SalvageState state)
    {
        try
        {
            return SstReader.Open(fs.OpenMapped(path));
        }
        catch (StorageException ex)
        {
            state.Lose(path, (ex as CorruptionException)?.Offset, "the table cannot be opened (footer, meta blocks or index): " + ex.Message);
            return null;
        }
    }

    /// <summary>Reads a whole WAL into memory; null, with the loss reported, when it cannot be read.</summary>
    private static LogReader? TryOpenLog(IFileSystem fs, string path, SalvageState state)
    {
        try
        {
            using IReadableFile file = fs.OpenRead(path);
            return LogReader.Open(file, WalRecoveryMode.SkipCorrupted);
        }
        catch (StorageException ex)
        {
            state.Lose(path, null, "the WAL cannot be read: " + ex.Message);
            return null;
        }
    }

    /// <summary>Writes the surviving keys into a new store in key order; returns how many.</summary>
    private static long Write(IFileSystem fs, string target, LsmOptions options, SalvageState state)
    {
        using LsmDatabase db = LsmDatabase.Open(fs, target, options with { CreateIfMissing = true, ErrorIfExists = true });
        using WriteBatch batch = new();
        long written = 0;
        foreach ((byte[] key, byte[] value) in state.Survivors())
        {
            batch.Put(key, value);
            written++;
            if (batch.Data.Length >= BatchBytes)
            {
                db.Write(batch, WriteOptions.Default);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            db.Write(batch, WriteOptions.Default);
        }

        db.Flush();
        return written;
    }
}
