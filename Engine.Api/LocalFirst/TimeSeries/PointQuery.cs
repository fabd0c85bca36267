using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// The sequence <see cref="TimeSeriesStore.QueryAsync"/> returns: each enumeration opens its own walk, as of the moment
/// it starts, and closes it when it ends or is disposed. Every step completes synchronously (the engine reads from
/// memory-mapped tables and the memtable), so no task is allocated per point.
/// </summary>
/// <remarks>Each enumerator belongs to one consumer; the sequence may be enumerated more than once.</remarks>
internal sealed class PointQuery(TimeSeriesStore store, string series, long fromTicks, long toTicks, TagSet filter, CancellationToken queryToken)
    : IAsyncEnumerable<DataPoint>
{
    public IAsyncEnumerator<DataPoint> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        queryToken.ThrowIfCancellationRequested();
        cancellationToken.ThrowIfCancellationRequested();
        PointScan? scan = store.OpenVisibleScan(series, fromTicks, toTicks, filter);
        try
        {
            Enumerator enumerator = new(scan, new PointDecoder(store.StorePath, series), queryToken, cancellationToken);
            scan = null;
            return enumerator;
        }
        finally
        {
            scan?.Dispose();
        }
    }

    private sealed class Enumerator(PointScan scan, PointDecoder decoder, CancellationToken queryToken, CancellationToken enumerationToken)
        : IAsyncEnumerator<DataPoint>
    {
        private bool _done;

        public DataPoint Current { get; private set; } = null!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_done)
            {
                return ValueTask.FromResult(false);
            }

            queryToken.ThrowIfCancellationRequested();
            enumerationToken.ThrowIfCancellationRequested();
            if (!scan.MoveNext())
            {
                _done = true;
                scan.Dispose();
                return ValueTask.FromResult(false);
            }

            Current = decoder.Decode(scan);
            return ValueTask.FromResult(true);
        }

        public ValueTask DisposeAsync()
        {
            _done = true;
            scan.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
