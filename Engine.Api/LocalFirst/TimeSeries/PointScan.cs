using System;
using System.Buffers.Binary;
using Engine.Core.Buffers;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// A forward walk, in time order, over the points of one series with a timestamp in <c>[from, to)</c>, as of one
/// snapshot: over the point keys, or, when a tag filter is given, over the index entries of the filter's first tag,
/// reading each entry's point and checking the filter's other tags on its record.
/// </summary>
/// <remarks>
/// An index entry whose point is absent is skipped: index entries are written and deleted in the same batches as their
/// points, so one is never expected, but a query stays correct if one appears. The walk owns its snapshot and
/// iterator: dispose it. One thread at a time.
/// </remarks>
internal sealed class PointScan : IDisposable
{
    private readonly string _storePath;
    private readonly Database _database;
    private readonly Snapshot _snapshot;
    private readonly DatabaseIterator? _iterator;
    private readonly byte[] _seriesPrefix;
    private readonly TagSet _filter;
    private readonly int _prefixLength;

    // The point key and record read through the index; unused when walking the point keys.
    private readonly PooledBufferWriter? _pointKey;
    private readonly PooledBufferWriter? _pointRecord;

    private bool _started;
    private bool _disposed;

    /// <summary>
    /// Starts a walk as of <paramref name="snapshot"/>, which it then owns. An empty range (<paramref name="fromTicks"/>
    /// at or after <paramref name="toTicks"/>) finds nothing.
    /// </summary>
    public PointScan(LocalStore store, Snapshot snapshot, byte[] seriesPrefix, long fromTicks, long toTicks, TagSet filter)
    {
        _storePath = store.Directory;
        _database = store.Database;
        _snapshot = snapshot;
        _seriesPrefix = seriesPrefix;
        _filter = filter;
        if (fromTicks >= toTicks)
        {
            return;
        }

        byte[] prefix = filter.Pairs.Length == 0 ? seriesPrefix : TimeSeriesKeys.TagPrefix(seriesPrefix, filter.Pairs[0]);
        _prefixLength = prefix.Length;
        if (filter.Pairs.Length > 0)
        {
            _pointKey = new PooledBufferWriter(seriesPrefix.Length + TimeSeriesKeys.SuffixLength);
            _pointRecord = new PooledBufferWriter();
        }

        _iterator = _database.NewIterator(new ReadOptions { Snapshot = snapshot, Range = TimeSeriesKeys.Range(prefix, fromTicks, toTicks) });
    }

    /// <summary>The snapshot the walk reads.</summary>
    public Snapshot Snapshot => _snapshot;

    /// <summary>The current point's timestamp, in ticks since the Unix epoch.</summary>
    public long Ticks { get; private set; }

    /// <summary>The current point's tag-set id (<see cref="TagSet.Id"/>, from its key).</summary>
    public ulong TagSetId { get; private set; }

    /// <summary>The current point's value.</summary>
    public double Value { get; private set; }

    /// <summary>The current point's key; valid until the next move.</summary>
    public ReadOnlySpan<byte> PointKey => _pointKey is null ? _iterator!.Key : _pointKey.WrittenSpan;

    /// <summary>The current point's tag section, unchecked; valid until the next move.</summary>
    public ReadOnlySpan<byte> Section => (_pointRecord is null ? _iterator!.Value : _pointRecord.WrittenSpan)[PointRecord.HeaderLength..];

    /// <summary>Moves to the next point; false at the end.</summary>
    /// <exception cref="CorruptionException">A key or record is malformed.</exception>
    public bool MoveNext()
    {
        if (_iterator is null)
        {
            return false;
        }

        if (_started)
        {
            _iterator.Next();
        }
        else
        {
            _iterator.First();
            _started = true;
        }

        for (; _iterator.Valid; _iterator.Next())
        {
            ReadOnlySpan<byte> key = _iterator.Key;
            if (key.Length != _prefixLength + TimeSeriesKeys.SuffixLength)
            {
                throw new CorruptionException(_storePath, key, $"a time-series key of {key.Length} bytes, not {_prefixLength + TimeSeriesKeys.SuffixLength}");
            }

            ReadOnlySpan<byte> suffix = key[_prefixLength..];
            if (_pointKey is null)
            {
                Read(key, suffix, _iterator.Value);
                return true;
            }

            _pointKey.Clear();
            _pointKey.Write(_seriesPrefix);
            _pointKey.Write(suffix);
            _pointRecord!.Clear();
            if (!_database.TryGet(_pointKey.WrittenSpan, _pointRecord, _snapshot))
            {
                continue;
            }

            Read(_pointKey.WrittenSpan, suffix, _pointRecord.WrittenSpan);
            if (_filter.IsSubsetOf(Section))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases the iterator, the snapshot and the buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _iterator?.Dispose();
        _snapshot.Dispose();
        _pointKey?.Dispose();
        _pointRecord?.Dispose();
    }

    private void Read(ReadOnlySpan<byte> key, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> record)
    {
        if (!PointRecord.TryReadValue(record, out double value, out _, out string? error))
        {
            throw new CorruptionException(_storePath, key, error!);
        }

        Ticks = TimeSeriesKeys.ReadTimestamp(suffix);
        TagSetId = BinaryPrimitives.ReadUInt64BigEndian(suffix[8..]);
        Value = value;
    }
}
