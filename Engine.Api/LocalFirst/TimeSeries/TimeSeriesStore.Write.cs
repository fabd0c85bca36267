using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Core.Buffers;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>Writing points.</summary>
public sealed partial class TimeSeriesStore
{
    /// <summary>
    /// Writes <paramref name="points"/> atomically, with their tag index entries: after a crash either all of them are
    /// stored or none. A point with the same series, timestamp and tags as a stored point (or as an earlier point of
    /// the same call) replaces it.
    /// </summary>
    /// <param name="points">The points, of one series or several; an empty list writes nothing.</param>
    /// <param name="cancellationToken">Checked before the write; a write under way is not interrupted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A point is null, its series is null or empty, a tag key is null or empty, a tag value is null, a key repeats, or a
    /// string has an unpaired surrogate. Nothing is written.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A series or tag is too long for a key. Nothing is written.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the write.</exception>
    /// <exception cref="StorageException">The write failed (I/O, disk full); then none of the points is stored.</exception>
    public ValueTask WriteAsync(IReadOnlyList<DataPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        PreparedPoint[] prepared = Prepare(points, out byte[][] seriesPrefixes);
        _store.ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        if (prepared.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        using WriteBatch batch = new();
        using PooledBufferWriter key = new();
        using PooledBufferWriter record = new();
        foreach (PreparedPoint point in prepared)
        {
            key.Clear();
            TimeSeriesKeys.WriteKey(key, point.SeriesPrefix, point.Ticks, point.Tags.Id);
            record.Clear();
            int length = PointRecord.GetLength(point.Tags);
            PointRecord.Write(record.GetSpan(length), point.Value, point.Tags);
            record.Advance(length);
            batch.Put(key.WrittenSpan, record.WrittenSpan);
            foreach (TagPair pair in point.Tags.Pairs)
            {
                key.Clear();
                TimeSeriesKeys.WriteTagKey(key, point.SeriesPrefix, pair, point.Ticks, point.Tags.Id);
                batch.Put(key.WrittenSpan, []);
            }
        }

        // The series locks order this write against a range deletion of the same series, whose scan decides which
        // tag index ranges it deletes.
        using KeyLocks.Scope locks = _store.Locks.AcquireAll(seriesPrefixes);
        Database.Write(batch, _store.Options.Durability);
        return ValueTask.CompletedTask;
    }

    /// <summary>Checks every point and puts its tags in canonical form; series and tag dictionaries seen twice are reused.</summary>
    private static PreparedPoint[] Prepare(IReadOnlyList<DataPoint> points, out byte[][] seriesPrefixes)
    {
        PreparedPoint[] prepared = new PreparedPoint[points.Count];
        Dictionary<string, byte[]> prefixes = new(StringComparer.Ordinal);
        string? lastSeries = null;
        byte[] lastPrefix = [];
        IReadOnlyDictionary<string, string>? lastTags = null;
        TagSet lastTagSet = TagSet.Empty;
        for (int i = 0; i < prepared.Length; i++)
        {
            DataPoint point = points[i] ?? throw new ArgumentException($"Point {i} is null.", nameof(points));
            if (i == 0 || !ReferenceEquals(point.Series, lastSeries))
            {
                if (!prefixes.TryGetValue(point.Series ?? "", out byte[]? prefix))
                {
                    TimeSeriesArguments.CheckSeries(point.Series!, nameof(points));
                    prefix = TimeSeriesKeys.SeriesPrefix(point.Series!);
                    prefixes.Add(point.Series!, prefix);
                }

                lastSeries = point.Series;
                lastPrefix = prefix;
            }

            if (i == 0 || !ReferenceEquals(point.Tags, lastTags))
            {
                lastTagSet = TagSet.Create(point.Tags, nameof(points));
                lastTags = point.Tags;
            }

            prepared[i] = new PreparedPoint(lastPrefix, TimeSeriesKeys.ToTicks(point.Timestamp), point.Value, lastTagSet);
        }

        seriesPrefixes = [.. prefixes.Values];
        return prepared;
    }

    /// <summary>A checked point, ready to encode.</summary>
    private readonly record struct PreparedPoint(byte[] SeriesPrefix, long Ticks, double Value, TagSet Tags);
}
