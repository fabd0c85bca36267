using System;
using System.Collections.Generic;
using Engine.Api;
using Engine.Core.Storage;
using Engine.Lsm.Bloom;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Compaction;

/// <summary>
/// Writes the output of one compaction as a run of tables, cutting a new table between user keys when the current
/// one reaches the target size or overlaps too many bytes of the level below its own (the grandparents).
/// </summary>
/// <remarks>
/// <para>
/// A user key never spans two tables, so a sorted level never holds a key twice. Each table receives the kept range
/// tombstones clipped to its own key span <c>[lower, upper)</c>, where the bounds are the first user keys of it
/// and of the next table; the tables of a level then never overlap, and a table whose tombstones reach its upper
/// bound ends in the exclusive sentinel <c>upper#MAX,RANGEDEL</c>.
/// </para>
/// <para>
/// The grandparent limit (LevelDB's) bounds the cost of compacting an output table later: it never overlaps more
/// than <see cref="CompactionJob.MaxGrandparentOverlapBytes"/> of the level below.
/// </para>
/// <para>One thread. Every table written is synced. <see cref="Dispose"/> abandons an unfinished table; the caller
/// deletes <see cref="WrittenFiles"/> when the compaction fails.</para>
/// </remarks>
internal sealed class CompactionOutputWriter : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly Func<ulong> _newFileNumber;
    private readonly SstWriterOptions _writerOptions;
    private readonly BloomBuilderPool? _bloomBuilders;
    private readonly long _targetFileSize;
    private readonly IReadOnlyList<FileMetadata> _grandparents;
    private readonly long _maxGrandparentOverlap;
    private readonly List<RangeTombstone> _tombstones;
    private readonly List<FileMetadata> _outputs = [];
    private readonly List<ulong> _written = [];
    private SstWriter? _writer;
    private IWritableFile? _file;
    private ulong _number;
    private byte[]? _lowerBound;
    private byte[] _lastUserKey = new byte[64];
    private int _lastUserKeyLength = -1;
    private int _grandparentIndex;
    private long _grandparentOverlap;
    private bool _seenKey;

    public CompactionOutputWriter(
        IFileSystem fs,
        string directory,
        Func<ulong> newFileNumber,
        SstWriterOptions writerOptions,
        long targetFileSize,
        CompactionJob job,
        List<RangeTombstone> tombstones,
        BloomBuilderPool? bloomBuilders = null)
    {
        _bloomBuilders = bloomBuilders;
        _fs = fs;
        _directory = directory;
        _newFileNumber = newFileNumber;
        _writerOptions = writerOptions;
        _targetFileSize = targetFileSize;
        _grandparents = job.Grandparents;
        _maxGrandparentOverlap = job.MaxGrandparentOverlapBytes;
        _tombstones = tombstones;
    }

    /// <summary>Every table file created, finished or not: what a failed compaction leaves to delete.</summary>
    public IReadOnlyList<ulong> WrittenFiles => _written;

    /// <summary>Bytes of the finished tables.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Adds the next entry; keys come in internal-key order.</summary>
    public void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> userKey = InternalKey.UserKey(internalKey);
        bool newUserKey = _lastUserKeyLength < 0 || !userKey.SequenceEqual(_lastUserKey.AsSpan(0, _lastUserKeyLength));
        if (newUserKey)
        {
            bool cutForGrandparents = PassGrandparents(userKey);
            if (_writer is not null && (_writer.EstimatedSize >= _targetFileSize || cutForGrandparents))
            {
                FinishTable(upperBound: userKey.ToArray());
            }

            // One buffer for the last user key, grown as needed: no allocation per entry.
            if (userKey.Length > _lastUserKey.Length)
            {
                _lastUserKey = new byte[Math.Max(userKey.Length, _lastUserKey.Length * 2)];
            }

            userKey.CopyTo(_lastUserKey);
            _lastUserKeyLength = userKey.Length;
        }

        if (_writer is null)
        {
            StartTable();
        }

        _writer!.Add(internalKey, value);
    }

    /// <summary>Finishes the last table (or writes one for tombstones alone) and returns every table written.</summary>
    public List<FileMetadata> Finish()
    {
        if (_writer is null && _tombstones.Count > 0)
        {
            StartTable();
        }

        if (_writer is not null)
        {
            FinishTable(upperBound: null);
        }

        return _outputs;
    }

    /// <summary>Abandons a table left unfinished by a failure.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
        _writer = null;
        _file = null;
    }

    /// <summary>Advances past the grandparents wholly before <paramref name="userKey"/>; true when the table should be cut.</summary>
    private bool PassGrandparents(ReadOnlySpan<byte> userKey)
    {
        while (_grandparentIndex < _grandparents.Count && _grandparents[_grandparentIndex].LargestUserKey.SequenceCompareTo(userKey) < 0)
        {
            if (_seenKey)
            {
                _grandparentOverlap += _grandparents[_grandparentIndex].Size;
            }

            _grandparentIndex++;
        }

        _seenKey = true;
        if (_grandparentOverlap > _maxGrandparentOverlap)
        {
            _grandparentOverlap = 0;
            return true;
        }

        return false;
    }

    private void StartTable()
    {
        _number = _newFileNumber();
        _written.Add(_number);
        _file = _fs.Create(FileNames.Table(_directory, _number));
        _writer = new SstWriter(_file, _writerOptions, _bloomBuilders);
        _grandparentOverlap = 0;
    }

    private void FinishTable(byte[]? upperBound)
    {
        foreach (RangeTombstone tombstone in _tombstones)
        {
            ReadOnlySpan<byte> start = tombstone.Start;
            ReadOnlySpan<byte> end = tombstone.End;
            if (_lowerBound is not null && start.SequenceCompareTo(_lowerBound) < 0)
            {
                start = _lowerBound;
            }

            if (upperBound is not null && end.SequenceCompareTo(upperBound) > 0)
            {
                end = upperBound;
            }

            if (start.SequenceCompareTo(end) < 0)
            {
                _writer!.AddRangeTombstone(start, end, tombstone.Sequence);
            }
        }

        SstWriteResult result = _writer!.Finish();
        _file!.Sync();
        _file.Dispose();
        _writer.Dispose();
        _writer = null;
        _file = null;
        _lowerBound = upperBound;
        if (result.IsEmpty)
        {
            // Every tombstone was clipped away: nothing to keep.
            TryDelete(_number);
            return;
        }

        BytesWritten += result.FileSize;
        _outputs.Add(new FileMetadata(_number, result.FileSize, result.Smallest, result.Largest, result.SmallestSequence, result.LargestSequence));
    }

    private void TryDelete(ulong number)
    {
        try
        {
            _fs.Delete(FileNames.Table(_directory, number));
        }
        catch (StorageException)
        {
            // Garbage that cannot be deleted now is deleted by the next open.
        }
    }
}
