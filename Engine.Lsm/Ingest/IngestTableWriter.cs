using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Bloom;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Ingest;

/// <summary>
/// Streams a sorted run from an <see cref="ISortedEntrySource"/> into new tables, every entry at one sequence number,
/// cutting a new table when the current one reaches the target size. Checks each entry as it goes: keys not empty,
/// within the size limit and strictly ascending; values within theirs.
/// </summary>
/// <remarks>
/// <para>
/// Nothing of the run is held in memory beyond the table being built (its current block and index): the source is read
/// once, entry by entry. The tables use the store's block size, restart interval, bloom filter and compression, as a
/// flush's do, and are synced before <see cref="Write"/> returns; they become part of the store only when the caller
/// lists them in a manifest edit.
/// </para>
/// <para>
/// On any failure <see cref="Write"/> deletes every table it created and rethrows, so a rejected run leaves no file
/// behind. <see cref="SourceFailed"/> then tells a failure of the caller's source (or its entries) from one of the
/// store's I/O. One thread; one run per instance.
/// </para>
/// </remarks>
internal sealed class IngestTableWriter
{
    /// <summary>Entries between two looks at the cancellation token: often enough for a prompt close, rarely enough to cost nothing.</summary>
    private const int CancellationCheckInterval = 4096;

    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly Func<ulong> _newFileNumber;
    private readonly SstWriterOptions _writerOptions;
    private readonly long _targetFileSize;
    private readonly BloomBuilderPool? _bloomBuilders;
    private readonly List<ulong> _created = [];

    public IngestTableWriter(IFileSystem fs, string directory, Func<ulong> newFileNumber, SstWriterOptions writerOptions, long targetFileSize, BloomBuilderPool? bloomBuilders)
    {
        _fs = fs;
        _directory = directory;
        _newFileNumber = newFileNumber;
        _writerOptions = writerOptions;
        _targetFileSize = targetFileSize;
        _bloomBuilders = bloomBuilders;
    }

    /// <summary>True after <see cref="Write"/> failed because the source threw or handed out a bad entry.</summary>
    public bool SourceFailed { get; private set; }

    /// <summary>
    /// Writes the source's entries, from its current one (the caller has moved to the first) to its end, at
    /// <paramref name="sequence"/>. Returns the synced tables in key order and the number of entries.
    /// </summary>
    /// <exception cref="ArgumentException">A key is empty or not above the previous one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A key or value is too long.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was signalled.</exception>
    /// <exception cref="StorageException">I/O failed.</exception>
    public (List<FileMetadata> Tables, long Entries) Write(ISortedEntrySource entries, ulong sequence, CancellationToken cancel)
    {
        List<FileMetadata> tables = [];
        IWritableFile? file = null;
        SstWriter? writer = null;
        ulong number = 0;
        byte[] previous = new byte[64];
        int previousLength = -1;
        byte[] internalKey = new byte[64 + InternalKey.TrailerSize];
        long count = 0;
        try
        {
            do
            {
                // The source's own code runs here and in MoveNext: a failure there is the caller's, not the store's.
                SourceFailed = true;
                ReadOnlySpan<byte> key = entries.Key;
                bool isDelete = entries.IsDelete;
                ReadOnlySpan<byte> value = isDelete ? default : entries.Value;
                CheckEntry(key, value, previous.AsSpan(0, Math.Max(previousLength, 0)), previousLength >= 0, count, nameof(entries));
                SourceFailed = false;

                if (writer is not null && writer.EstimatedSize >= _targetFileSize)
                {
                    tables.Add(FinishTable(writer, file!, number));
                    writer = null;
                    file = null;
                }

                if (writer is null)
                {
                    number = _newFileNumber();
                    _created.Add(number);
                    file = _fs.Create(FileNames.Table(_directory, number));
                    writer = new SstWriter(file, _writerOptions, _bloomBuilders);
                }

                // One buffer each for the internal key and the previous key, grown as needed: no allocation per entry.
                int length = key.Length + InternalKey.TrailerSize;
                if (length > internalKey.Length)
                {
                    internalKey = new byte[Math.Max(length, internalKey.Length * 2)];
                }

                InternalKey.Write(internalKey, key, sequence, isDelete ? KeyKind.Delete : KeyKind.Set);
                writer.Add(internalKey.AsSpan(0, length), value);
                if (key.Length > previous.Length)
                {
                    previous = new byte[Math.Max(key.Length, previous.Length * 2)];
                }

                key.CopyTo(previous);
                previousLength = key.Length;
                count++;
                if (count % CancellationCheckInterval == 0)
                {
                    cancel.ThrowIfCancellationRequested();
                }

                SourceFailed = true;
            }
            while (entries.MoveNext());

            SourceFailed = false;
            if (writer is not null)
            {
                tables.Add(FinishTable(writer, file!, number));
                writer = null;
                file = null;
            }

            cancel.ThrowIfCancellationRequested();
            return (tables, count);
        }
        catch
        {
            writer?.Dispose();
            file?.Dispose();
            DeleteCreated();
            throw;
        }
    }

    /// <summary>Deletes every table this writer created: the run is not installed after all.</summary>
    public void DeleteCreated()
    {
        foreach (ulong created in _created)
        {
            try
            {
                _fs.Delete(FileNames.Table(_directory, created));
            }
            catch (StorageException)
            {
                // A table that cannot be deleted now is garbage: the next open deletes what no manifest names.
            }
        }

        _created.Clear();
    }

    private static void CheckEntry(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<byte> previous, bool hasPrevious, long index, string paramName)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException($"Entry {index} has an empty key.", paramName);
        }

        if (key.Length > Defaults.MaxKeySizeBytes)
        {
            throw new ArgumentOutOfRangeException(paramName, key.Length, $"Entry {index} has a key of {key.Length} bytes; at most {Defaults.MaxKeySizeBytes} are allowed.");
        }

        if (value.Length > Defaults.MaxValueSizeBytes)
        {
            throw new ArgumentOutOfRangeException(paramName, value.Length, $"Entry {index} has a value of {value.Length} bytes; at most {Defaults.MaxValueSizeBytes} are allowed.");
        }

        if (hasPrevious && key.SequenceCompareTo(previous) <= 0)
        {
            throw new ArgumentException($"Entry {index}'s key is not above the previous key: keys must be strictly ascending (ordinal byte order).", paramName);
        }
    }

    private static FileMetadata FinishTable(SstWriter writer, IWritableFile file, ulong number)
    {
        SstWriteResult result = writer.Finish();
        file.Sync();
        writer.Dispose();
        file.Dispose();
        return new FileMetadata(number, result.FileSize, result.Smallest, result.Largest, result.SmallestSequence, result.LargestSequence);
    }
}
