using System;
using Engine.Api.Sync.Records;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// Time series in a <see cref="LocalStore"/>: points (a series, a timestamp, a double, tags) written atomically, read
/// back by time range in time order, filtered by tags through an index, aggregated over the range or per time bucket,
/// deleted by range, and expired by a per-series retention. Take it from <see cref="LocalStore.TimeSeries"/>.
/// Thread-safe: every member may be called from any thread.
/// </summary>
/// <remarks>
/// <para>
/// A point is stored once under <c>(series, timestamp, tag set)</c>, with one index entry per tag under
/// <c>(series, tag key, tag value, timestamp, tag set)</c>, written in the same batch (layout:
/// <c>docs/format/local-first.md</c>, section "Time series"). So a point written again with the same series, timestamp
/// and tags replaces the stored one (a retried write does not count twice), while points at one instant that differ
/// in their tags are all kept. Timestamps have a resolution of one tick (100 ns) and are read back in UTC.
/// </para>
/// <para>
/// Every range is <c>[from, to)</c>: the start is included, the end excluded. A range whose end equals its start is
/// empty; one whose end precedes its start is an <see cref="ArgumentOutOfRangeException"/>. Reads see one consistent
/// point in time. Writes are made durable as <see cref="LocalStoreOptions.Durability"/> says. The work is synchronous
/// underneath, so the returned tasks are complete when the methods return; argument errors are thrown directly.
/// A damaged stored key or record is a <see cref="CorruptionException"/> naming the key.
/// </para>
/// </remarks>
public sealed partial class TimeSeriesStore
{
    // How many points a long walk reads between checks of its cancellation token.
    private const int CancellationCheckInterval = 1024;

    private readonly LocalStore _store;

    internal TimeSeriesStore(LocalStore store)
    {
        _store = store;
    }

    /// <summary>The store's directory, which corruption reports name.</summary>
    internal string StorePath => _store.Directory;

    private Database Database => _store.Database;

    /// <summary>
    /// The earliest visible instant of <paramref name="series"/>, in ticks since the Unix epoch, as of
    /// <paramref name="snapshot"/> and the store's clock: points before it have outlived the series' retention.
    /// <see cref="long.MinValue"/> when the series has no retention.
    /// </summary>
    private long RetentionCutoff(string series, Snapshot snapshot)
    {
        TimeSpan? retention = ReadRetention(TimeSeriesKeys.SeriesRecordKey(series), snapshot);
        return retention is null ? long.MinValue : Cutoff(retention.Value);
    }

    /// <summary><c>now − retention</c> in ticks since the Unix epoch, no earlier than the earliest <see cref="DateTimeOffset"/>.</summary>
    private long Cutoff(TimeSpan retention)
    {
        long now = TimeSeriesKeys.ToTicks(_store.Clock.GetUtcNow());
        return now - Math.Min(retention.Ticks, now - TimeSeriesKeys.MinTicks);
    }

    private TimeSpan? ReadRetention(byte[] key, Snapshot? snapshot)
    {
        byte[]? stored = Database.Get(key, snapshot);
        return stored is null ? null : ParseRetention(key, stored);
    }

    private TimeSpan ParseRetention(ReadOnlySpan<byte> key, byte[] stored)
    {
        if (!RecordSerializer.TryDeserialize(stored, out SeriesRecord? record))
        {
            throw new CorruptionException(_store.Directory, key, "the series record is not a SeriesRecord");
        }

        if (record!.FormatVersion != SeriesRecord.CurrentVersion)
        {
            throw new CorruptionException(_store.Directory, key, $"a series record of version {record.FormatVersion}; this code reads version {SeriesRecord.CurrentVersion}");
        }

        if (record.RetentionTicks <= 0)
        {
            throw new CorruptionException(_store.Directory, key, $"a retention of {record.RetentionTicks} ticks is not positive");
        }

        return TimeSpan.FromTicks(record.RetentionTicks);
    }

    /// <summary>A walk over the points of <paramref name="series"/> in <c>[fromTicks, toTicks)</c> that retention has not hidden.</summary>
    internal PointScan OpenVisibleScan(string series, long fromTicks, long toTicks, TagSet filter)
    {
        Snapshot snapshot = Database.GetSnapshot();
        try
        {
            long from = Math.Max(fromTicks, RetentionCutoff(series, snapshot));
            return new PointScan(_store, snapshot, TimeSeriesKeys.SeriesPrefix(series), from, toTicks, filter);
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
    }
}
