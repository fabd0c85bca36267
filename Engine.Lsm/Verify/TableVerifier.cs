using System;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Cache;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Verify;

/// <summary>
/// Reads one table block by block: every data block's checksum and structure, the order of every key, the index
/// keys against the blocks they separate, and the table's real bounds, size and counts against its manifest entry
/// and its own properties.
/// </summary>
/// <remarks>
/// <para>
/// The table is opened straight from the file system with a fresh <see cref="SstReader"/>, not through the store's
/// table cache: a fresh reader has verified no data block yet, so each one is checked now, and the check depends on
/// nothing the cache shares. Opening verifies the footer, the meta blocks and the index. A damaged block is reported
/// with its offset and skipped, so that one bad block does not hide others; the index was validated at open, so the
/// next block is still found. When any block is damaged the bound and count comparisons are skipped, since they would
/// only repeat the damage.
/// </para>
/// <para>One instance per table, used by one thread.</para>
/// </remarks>
internal sealed class TableVerifier
{
    private readonly VerifyReportBuilder _report;
    private readonly string _path;
    private readonly int _level;
    private readonly FileMetadata _file;
    private byte[] _previous = new byte[64];
    private int _previousLength = -1;
    private byte[] _previousIndexKey = new byte[64];
    private int _previousIndexKeyLength = -1;
    private byte[]? _first;
    private ulong _smallestSequence = ulong.MaxValue;
    private ulong _largestSequence;
    private long _entries;
    private bool _damaged;
    private bool _misordered;

    private TableVerifier(VerifyReportBuilder report, string path, int level, FileMetadata file)
    {
        _report = report;
        _path = path;
        _level = level;
        _file = file;
    }

    /// <summary>Checks the table at <paramref name="path"/>, adding what it finds to <paramref name="report"/>; true when it found nothing.</summary>
    public static bool Verify(IFileSystem fs, string path, int level, FileMetadata file, VerifyReportBuilder report)
    {
        report.TablesChecked++;
        using SstReader? reader = TryOpen(fs, path, level, report);
        if (reader is null)
        {
            return false;
        }

        TableVerifier verifier = new(report, path, level, file);
        verifier.ReadBlocks(reader);
        return verifier.CompareBounds(reader);
    }

    private ReadOnlySpan<byte> Previous => _previous.AsSpan(0, _previousLength);

    /// <summary>Opens the table, which checks its footer, meta blocks and index; null, with the problem reported, when that fails.</summary>
    private static SstReader? TryOpen(IFileSystem fs, string path, int level, VerifyReportBuilder report)
    {
        try
        {
            return SstReader.Open(fs.OpenMapped(path));
        }
        catch (CorruptionException ex)
        {
            report.Add(VerifyProblemKind.Corruption, ex.FilePath, level, ex.Offset, ex.Reason);
        }
        catch (StorageException ex)
        {
            report.Add(VerifyProblemKind.Unreadable, path, level, null, ex.Message);
        }

        return null;
    }

    private void ReadBlocks(SstReader reader)
    {
        BlockReader index = reader.IndexReader();
        BlockCursor indexCursor = default;
        byte[]? blockBuffer = null;
        byte[] keyBuffer = new byte[64];
        for (indexCursor.First(index); indexCursor.Valid; indexCursor.Next(index))
        {
            ReadOnlySpan<byte> indexKey = indexCursor.Key(index);
            BlockHandle handle = SstReader.DataHandle(index, indexCursor);
            _report.BlocksChecked++;
            try
            {
                // The verifier's reader has no block cache, so no lease is ever active; it is disposed all the same.
                ReadOnlySpan<byte> contents = reader.DataBlock(indexCursor.RestartIndex, handle, ref blockBuffer, fillCache: false, out BlockLease lease, out _);
                lease.Dispose();
                BlockReader block = reader.DataReader(contents, handle);
                BlockCursor cursor = new(keyBuffer);
                bool empty = true;
                for (cursor.First(block); cursor.Valid; cursor.Next(block))
                {
                    ReadOnlySpan<byte> key = cursor.Key(block);
                    if (empty && _previousIndexKeyLength >= 0 && InternalKey.Compare(_previousIndexKey.AsSpan(0, _previousIndexKeyLength), key) >= 0)
                    {
                        ReportOrder(handle.Offset, $"the index key before the block at offset {handle.Offset} is not below its first key {KeyText.Internal(key)}");
                    }

                    Entry(key, handle.Offset);
                    empty = false;
                }

                keyBuffer = cursor.KeyBuffer;
                if (empty)
                {
                    ReportDamage(handle.Offset, "data block holds no entry");
                }
                else if (InternalKey.Compare(Previous, indexKey) > 0)
                {
                    ReportOrder(handle.Offset, $"the index key {KeyText.Internal(indexKey)} sorts before the last key {KeyText.Internal(Previous)} of its block");
                }
            }
            catch (CorruptionException ex)
            {
                ReportDamage(ex.Offset, ex.Reason);
            }

            Remember(ref _previousIndexKey, out _previousIndexKeyLength, indexKey);
        }
    }

    private void Entry(ReadOnlySpan<byte> key, long blockOffset)
    {
        ulong sequence = SequenceNumber.SequenceOf(InternalKey.Trailer(key));
        _smallestSequence = Math.Min(_smallestSequence, sequence);
        _largestSequence = Math.Max(_largestSequence, sequence);
        if (_previousLength >= 0 && InternalKey.Compare(Previous, key) >= 0)
        {
            ReportOrder(blockOffset, $"key {KeyText.Internal(key)} does not sort after the key before it, {KeyText.Internal(Previous)}");
        }

        _first ??= key.ToArray();
        Remember(ref _previous, out _previousLength, key);
        _entries++;
        _report.EntriesChecked++;
    }

    /// <summary>Compares what the blocks held with the manifest entry and the properties; true when the table is healthy.</summary>
    private bool CompareBounds(SstReader reader)
    {
        if (_damaged)
        {
            return false;
        }

        int problems = _report.Problems.Count;
        if (reader.FileSize != _file.Size)
        {
            Mismatch($"the file is {reader.FileSize} bytes; the manifest says {_file.Size}");
        }

        TableProperties properties = reader.Properties;
        if ((ulong)_entries != properties.NumEntries)
        {
            _report.Add(VerifyProblemKind.Corruption, _path, _level, null, $"the properties count {properties.NumEntries} entries; the data blocks hold {_entries}");
        }

        byte[]? smallest = _first;
        byte[]? largest = _previousLength >= 0 ? Previous.ToArray() : null;
        foreach (RangeTombstone tombstone in reader.RangeTombstones)
        {
            _smallestSequence = Math.Min(_smallestSequence, tombstone.Sequence);
            _largestSequence = Math.Max(_largestSequence, tombstone.Sequence);
            byte[] start = TombstoneKey(tombstone.Start, tombstone.Sequence);
            byte[] sentinel = TombstoneKey(tombstone.End, SequenceNumber.Max);
            smallest = smallest is null || InternalKey.Compare(start, smallest) < 0 ? start : smallest;
            largest = largest is null || InternalKey.Compare(sentinel, largest) > 0 ? sentinel : largest;
        }

        if (smallest is null || largest is null)
        {
            Mismatch("the table holds no entry and no range tombstone");
            return false;
        }

        if (!smallest.AsSpan().SequenceEqual(_file.Smallest) || !largest.AsSpan().SequenceEqual(_file.Largest))
        {
            Mismatch($"the table spans {KeyText.Internal(smallest)} .. {KeyText.Internal(largest)}; the manifest says {KeyText.Internal(_file.Smallest)} .. {KeyText.Internal(_file.Largest)}");
        }

        if (_smallestSequence != _file.SmallestSequence || _largestSequence != _file.LargestSequence)
        {
            Mismatch($"the table's sequence numbers run {_smallestSequence}..{_largestSequence}; the manifest says {_file.SmallestSequence}..{_file.LargestSequence}");
        }

        if (_smallestSequence != properties.SmallestSequence || _largestSequence != properties.LargestSequence)
        {
            _report.Add(VerifyProblemKind.Corruption, _path, _level, null,
                $"the table's sequence numbers run {_smallestSequence}..{_largestSequence}; its properties say {properties.SmallestSequence}..{properties.LargestSequence}");
        }

        return !_misordered && _report.Problems.Count == problems;
    }

    private static byte[] TombstoneKey(byte[] userKey, ulong sequence)
    {
        byte[] key = new byte[userKey.Length + InternalKey.TrailerSize];
        InternalKey.Write(key, userKey, sequence, KeyKind.RangeDelete);
        return key;
    }

    private static void Remember(ref byte[] buffer, out int length, ReadOnlySpan<byte> key)
    {
        if (buffer.Length < key.Length)
        {
            buffer = new byte[Math.Max(key.Length, buffer.Length * 2)];
        }

        key.CopyTo(buffer);
        length = key.Length;
    }

    /// <summary>Reports the first order problem of the table only: one misplaced key usually shifts many.</summary>
    private void ReportOrder(long blockOffset, string message)
    {
        if (!_misordered)
        {
            _misordered = true;
            _report.Add(VerifyProblemKind.KeyOrder, _path, _level, blockOffset, message);
        }
    }

    private void ReportDamage(long offset, string reason)
    {
        _damaged = true;
        _report.Add(VerifyProblemKind.Corruption, _path, _level, offset, reason);
    }

    private void Mismatch(string message) => _report.Add(VerifyProblemKind.MetadataMismatch, _path, _level, null, message);
}
