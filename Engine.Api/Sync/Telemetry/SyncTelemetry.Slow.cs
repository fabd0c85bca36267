using System;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Threading;
using Engine.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Engine.Api.Sync.Telemetry;

/// <summary>
/// Slow-operation reports (shared/spec/baton-storage.md, section 3.7: slow queries are logged, throttled to once per
/// minute per query): an operation that takes at least the threshold is counted, raised on the
/// <see cref="EngineEventSource"/>, and logged as a warning unless one of the same operation was logged within the
/// throttle interval.
/// </summary>
internal sealed partial class SyncTelemetry
{
    /// <summary>The log event of a slow operation.</summary>
    public static readonly EventId SlowOperationEvent = new(1001, "SlowSyncOperation");

    private const long NeverLogged = long.MinValue;

    private static readonly Action<ILogger, string, string, string, int, int, double, Exception?> s_logSlow =
        LoggerMessage.Define<string, string, string, int, int, double>(
            LogLevel.Warning,
            SlowOperationEvent,
            "Slow sync store operation {Operation}: sync {SyncId}, filters [{Filters}], page size {PageSize}, {Rows} rows, {DurationMs} ms");

    private readonly ILogger _logger;
    private readonly TimeSpan _slowThreshold;
    private readonly TimeSpan _slowLogInterval;
    private readonly Func<string> _currentSync;
    private readonly Counter<long> _slowOperations;

    // Index = (int)SyncOperation: the clock's timestamp of the last report logged, or NeverLogged.
    private readonly long[] _lastSlowLog;
    private long _slowCount;
    private long _slowLogged;

    /// <summary>Counts, raises and (throttled) logs a slow operation; <paramref name="rows"/> is -1 when it returned no rows.</summary>
    private void ReportSlow(in OperationScope scope, TimeSpan elapsed, int rows)
    {
        Interlocked.Increment(ref _slowCount);
        string name = SyncOperations.Name(scope.Operation);
        if (_slowOperations.Enabled)
        {
            _slowOperations.Add(1, new System.Collections.Generic.KeyValuePair<string, object?>("operation", name));
        }

        bool trace = EngineEventSource.Log.IsEnabled(EventLevel.Warning, EngineEventSource.Keywords.SlowOperation);
        bool log = _logger.IsEnabled(LogLevel.Warning) && ClaimLogSlot((int)scope.Operation);
        if (!trace && !log)
        {
            return;
        }

        (string syncId, string filters, int pageSize) = OperationSubject.Describe(scope.Subject);
        if (syncId.Length == 0)
        {
            syncId = _currentSync();
        }

        int returned = Math.Max(rows, 0);
        if (trace)
        {
            EngineEventSource.Log.SlowOperation(_directory, name, syncId, filters, pageSize, returned, elapsed.TotalMilliseconds);
        }

        if (log)
        {
            Interlocked.Increment(ref _slowLogged);
            s_logSlow(_logger, name, syncId, filters, pageSize, returned, Math.Round(elapsed.TotalMilliseconds, 3), null);
        }
    }

    /// <summary>
    /// True when this thread may log a slow <paramref name="operation"/> now: none was logged within the throttle
    /// interval, and no other thread claimed the slot first.
    /// </summary>
    private bool ClaimLogSlot(int operation)
    {
        long now = _time.GetTimestamp();
        long last = Volatile.Read(ref _lastSlowLog[operation]);
        if (last != NeverLogged && _time.GetElapsedTime(last, now) < _slowLogInterval)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _lastSlowLog[operation], now, last) == last;
    }
}
