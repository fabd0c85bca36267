using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Core.Storage;
using Engine.Lsm.Cache;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

using Version = Engine.Lsm.Manifest.Version;

namespace Engine.Lsm.Db;

/// <summary>Merging every L0 table, with the L1 tables they overlap, into new L1 tables.</summary>
/// <remarks>
/// While merging, an entry is dropped when no snapshot can see it: an older version of a key whose newer version
/// is visible to the oldest snapshot, a point entry covered by a range tombstone that every snapshot sees, and, when
/// no deeper level holds the key range, a point tombstone or range tombstone that every snapshot sees.
/// </remarks>
internal sealed partial class LsmDatabase
{
    private void CompactL0()
    {
        Version version;
        do
        {
            version = _versions.Current;
        }
        while (!version.TryAcquire());

        try
        {
            ReadOnlySpan<FileMetadata> level0 = version.Files(0);
            if (level0.Length == 0)
            {
                return;
            }

            List<(int Level, FileMetadata File)> inputs = [];
            byte[] lo = level0[0].SmallestUserKey.ToArray();
            byte[] hi = level0[0].LargestUserKey.ToArray();
            foreach (FileMetadata file in level0)
            {
                inputs.Add((0, file));
                lo = Min(lo, file.SmallestUserKey);
                hi = Max(hi, file.LargestUserKey);
            }

            foreach (FileMetadata file in version.Files(1))
            {
                if (file.Overlaps(lo, hi, false, false))
                {
                    inputs.Add((1, file));
                    lo = Min(lo, file.SmallestUserKey);
                    hi = Max(hi, file.LargestUserKey);
                }
            }

            bool bottommost = true;
            for (int level = 2; level < Version.LevelCount && bottommost; level++)
            {
                foreach (FileMetadata file in version.Files(level))
                {
                    bottommost &= !file.Overlaps(lo, hi, false, false);
                }
            }

            ulong oldestSnapshot = _snapshots.OldestOr(Volatile.Read(ref _visibleSequence));
            VersionEdit edit = new();
            foreach ((int level, FileMetadata file) in inputs)
            {
                edit.DeletedFiles.Add((level, file.Number));
            }

            foreach (FileMetadata output in MergeInto(inputs, oldestSnapshot, bottommost))
            {
                edit.NewFiles.Add((1, output));
            }

            _versions.LogAndApply(edit);
            Interlocked.Increment(ref _compactionCount);
            lock (_mutex)
            {
                PublishReadStateLocked();
                Monitor.PulseAll(_mutex);
            }
        }
        finally
        {
            version.Release();
        }
    }

    private List<FileMetadata> MergeInto(List<(int Level, FileMetadata File)> inputs, ulong oldestSnapshot, bool bottommost)
    {
        IInternalIterator[] children = new IInternalIterator[inputs.Count];
        RangeTombstoneSet.Builder visible = new();
        List<RangeTombstone> keptTombstones = [];
        for (int i = 0; i < inputs.Count; i++)
        {
            TableLease lease = _tables.Acquire(inputs[i].File);
            SstReader table = lease.Reader;
            children[i] = new SstIterator(lease, fillCache: false);
            foreach (RangeTombstone tombstone in table.RangeTombstones)
            {
                visible.Add(tombstone.Start, tombstone.End, tombstone.Sequence);
                if (!(bottommost && tombstone.Sequence <= oldestSnapshot))
                {
                    keptTombstones.Add(tombstone);
                }
            }
        }

        // The tombstones every snapshot sees decide which point entries can go.
        RangeTombstoneSet covering = visible.Build(oldestSnapshot);
        using CompactionOutput output = new(this, keptTombstones);
        using MergingIterator merged = new(children);
        byte[] currentKey = [];
        bool haveKey = false;
        ulong lastSequenceForKey = ulong.MaxValue;
        for (merged.First(); merged.Valid; merged.Next())
        {
            ReadOnlySpan<byte> key = merged.Key;
            ReadOnlySpan<byte> userKey = InternalKey.UserKey(key);
            ulong trailer = InternalKey.Trailer(key);
            ulong sequence = SequenceNumber.SequenceOf(trailer);
            if (!haveKey || !userKey.SequenceEqual(currentKey))
            {
                currentKey = userKey.ToArray();
                haveKey = true;
                lastSequenceForKey = ulong.MaxValue;
            }

            bool drop = lastSequenceForKey <= oldestSnapshot
                || (bottommost && SequenceNumber.KindOf(trailer) == KeyKind.Delete && sequence <= oldestSnapshot)
                || (!covering.IsEmpty && covering.MaxCoveringSequence(userKey) > sequence);
            lastSequenceForKey = sequence;
            if (!drop)
            {
                output.Add(key, merged.Value);
            }
        }

        return output.Finish();
    }

    private static byte[] Min(byte[] a, ReadOnlySpan<byte> b) => b.SequenceCompareTo(a) < 0 ? b.ToArray() : a;

    private static byte[] Max(byte[] a, ReadOnlySpan<byte> b) => b.SequenceCompareTo(a) > 0 ? b.ToArray() : a;

    /// <summary>
    /// Writes compaction output, cutting a new table at the target size between user keys. Each table receives the
    /// kept range tombstones clipped to its own key range, so tables in L1 never overlap.
    /// </summary>
    /// <remarks>One thread.</remarks>
    private sealed class CompactionOutput(LsmDatabase db, List<RangeTombstone> tombstones) : IDisposable
    {
        private readonly List<FileMetadata> _outputs = [];
        private SstWriter? _writer;
        private IWritableFile? _file;
        private ulong _number;
        private byte[]? _lowerBound;
        private byte[] _lastUserKey = [];

        public void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
        {
            ReadOnlySpan<byte> userKey = InternalKey.UserKey(internalKey);
            if (_writer is not null && _writer.EstimatedSize >= db._options.TargetFileSizeBytes && !userKey.SequenceEqual(_lastUserKey))
            {
                FinishTable(upperBound: userKey.ToArray());
            }

            if (_writer is null)
            {
                StartTable();
            }

            _writer!.Add(internalKey, value);
            if (!userKey.SequenceEqual(_lastUserKey))
            {
                _lastUserKey = userKey.ToArray();
            }
        }

        public List<FileMetadata> Finish()
        {
            if (_writer is null && tombstones.Count > 0)
            {
                StartTable();
            }

            if (_writer is not null)
            {
                FinishTable(upperBound: null);
            }

            return _outputs;
        }

        /// <summary>Abandons a table left unfinished by a failure; the file is garbage for the next open.</summary>
        public void Dispose()
        {
            _writer?.Dispose();
            _file?.Dispose();
            _writer = null;
            _file = null;
        }

        private void StartTable()
        {
            _number = db._versions.NewFileNumber();
            _file = db._fs.Create(FileNames.Table(db._directory, _number));
            _writer = new SstWriter(_file, SstWriterOptions.From(db._options));
        }

        private void FinishTable(byte[]? upperBound)
        {
            foreach (RangeTombstone tombstone in tombstones)
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
            if (result.IsEmpty)
            {
                // Every tombstone was clipped away: nothing to keep.
                db.TryDelete(FileNames.Table(db._directory, _number));
            }
            else
            {
                _outputs.Add(new FileMetadata(_number, result.FileSize, result.Smallest, result.Largest, result.SmallestSequence, result.LargestSequence));
            }

            _writer = null;
            _file = null;
            _lowerBound = upperBound;
        }
    }
}
