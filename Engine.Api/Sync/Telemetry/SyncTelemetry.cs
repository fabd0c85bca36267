using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using System.Threading;
using Engine.Api.Sync.Results;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engine.Api.Sync.Telemetry;

/// <summary>
/// A sync store's figures: per-operation counts, errors and latency, records and bytes read and written, and
/// slow-operation reports. Always counted in plain atomic counters (<see cref="Snapshot"/>); also published on the
/// store's own <see cref="Meter"/> named <see cref="MeterName"/>, tagged with the store's directory, when something
/// listens (each instrument's <c>Enabled</c> is checked first). Split by concern: this file holds the counters and the
/// meter, <c>SyncTelemetry.Slow.cs</c> the slow-operation reports, <c>SyncTelemetry.Lifecycle.cs</c> the sync events.
/// </summary>
/// <remarks>
/// Thread-safe: counters are updated with <see cref="Interlocked"/>; the current operation is tracked per thread. The
/// operation and record paths allocate nothing: tags are cached strings passed through the
/// <see cref="KeyValuePair{TKey, TValue}"/> overloads, which do not box.
/// </remarks>
internal sealed partial class SyncTelemetry : IDisposable
{
    /// <summary>The name every sync store's meter has.</summary>
    public const string MeterName = "Engine.Sync";

    // Seconds, from a point read (tens of microseconds) to a whole-sync listing or a cleanup (tens of seconds): the
    // default boundaries of an OpenTelemetry histogram suit milliseconds, not seconds.
    private static readonly double[] s_durationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // IDE1006: thread-statics take the t_ prefix (house style 4); the editorconfig rule cannot tell them from statics.
#pragma warning disable IDE1006
    // The store whose operation runs on this thread, so a call it makes into itself counts as part of it.
    [ThreadStatic]
    private static SyncTelemetry? t_active;

    // The rows the running operation returned; -1 until it says.
    [ThreadStatic]
    private static int t_rows;
#pragma warning restore IDE1006

    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly Meter _meter;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _recordsRead;
    private readonly Counter<long> _recordsWritten;
    private readonly Counter<long> _bytesRead;
    private readonly Counter<long> _bytesWritten;

    // Index = (int)SyncOperation; durations in TimeSpan ticks.
    private readonly long[] _calls = new long[SyncOperations.Count];
    private readonly long[] _errors = new long[SyncOperations.Count];
    private readonly long[] _totalTicks = new long[SyncOperations.Count];
    private readonly long[] _maxTicks = new long[SyncOperations.Count];

    // Index = (int)RecordKind.
    private readonly long[] _read = new long[SyncOperations.KindCount];
    private readonly long[] _readBytes = new long[SyncOperations.KindCount];
    private readonly long[] _written = new long[SyncOperations.KindCount];
    private readonly long[] _writtenBytes = new long[SyncOperations.KindCount];

    public SyncTelemetry(string directory, SyncStoreOptions options, Func<string> currentSync)
    {
        _time = options.TimeProvider;
        _directory = directory;
        _logger = options.Logger ?? NullLogger.Instance;
        _slowThreshold = options.SlowOperationThreshold;
        _slowLogInterval = options.SlowOperationLogInterval;
        _currentSync = currentSync;
        _lastSlowLog = new long[SyncOperations.Count];
        Array.Fill(_lastSlowLog, NeverLogged);
        _meter = new Meter(new MeterOptions(MeterName) { Tags = [new("engine.store.directory", directory)] });
        _operations = _meter.CreateCounter<long>("engine.sync.operations", "{operation}", "Sync store operations completed, by operation and outcome (ok, error).");
        _duration = _meter.CreateHistogram(
            "engine.sync.operation.duration",
            "s",
            "How long sync store operations took, by operation.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        _recordsRead = _meter.CreateCounter<long>("engine.sync.records.read", "{record}", "Stored records read, by kind.");
        _recordsWritten = _meter.CreateCounter<long>("engine.sync.records.written", "{record}", "Records written, by kind.");
        _bytesRead = _meter.CreateCounter<long>("engine.sync.bytes.read", "By", "Bytes of stored record values read, by kind.");
        _bytesWritten = _meter.CreateCounter<long>("engine.sync.bytes.written", "By", "Bytes of record values written, by kind.");
        _slowOperations = _meter.CreateCounter<long>("engine.sync.slow_operations", "{operation}", "Operations slower than the store's threshold, by operation.");
    }

    /// <summary>The store's meter, for listeners that filter by instance.</summary>
    public Meter Meter => _meter;

    /// <summary>
    /// Notes the rows <paramref name="page"/> holds for the running operation's slow-operation report, and returns it:
    /// <c>return SyncTelemetry.Returned(ListPage(...));</c>.
    /// </summary>
    public static Page<T> Returned<T>(Page<T> page)
    {
        t_rows = page.Items.Count;
        return page;
    }

    /// <summary>Notes the rows <paramref name="items"/> holds for the running operation's slow-operation report, and returns it.</summary>
    public static List<T> Returned<T>(List<T> items)
    {
        t_rows = items.Count;
        return items;
    }

    /// <summary>Starts timing <paramref name="operation"/>; a call nested in an operation of this store returns a scope that does nothing.</summary>
    public OperationScope Begin(SyncOperation operation, object? subject = null)
    {
        SyncTelemetry? outer = t_active;
        if (ReferenceEquals(outer, this))
        {
            return default;
        }

        int outerRows = t_rows;
        t_active = this;
        t_rows = -1;
        return new OperationScope(this, operation, subject, _time.GetTimestamp(), Marshal.GetExceptionPointers(), outer, outerRows);
    }

    /// <summary>Ends <paramref name="scope"/>: counts it, times it and reports it when slow.</summary>
    internal void End(in OperationScope scope)
    {
        TimeSpan elapsed = _time.GetElapsedTime(scope.Started);

        // Non-zero while an exception unwinds through the caller's using; the one in flight at the start, if any, was
        // the caller's (the operation ran inside its catch block), not this operation's.
        nint exception = Marshal.GetExceptionPointers();
        bool failed = exception != 0 && exception != scope.ExceptionAtStart;
        int rows = t_rows;
        t_active = scope.Outer;
        t_rows = scope.OuterRows;

        int index = (int)scope.Operation;
        Interlocked.Increment(ref _calls[index]);
        if (failed)
        {
            Interlocked.Increment(ref _errors[index]);
        }

        long ticks = Math.Max(0, elapsed.Ticks);
        Interlocked.Add(ref _totalTicks[index], ticks);
        long max = Volatile.Read(ref _maxTicks[index]);
        while (ticks > max)
        {
            long seen = Interlocked.CompareExchange(ref _maxTicks[index], ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        string name = SyncOperations.Name(scope.Operation);
        if (_operations.Enabled)
        {
            _operations.Add(1, new KeyValuePair<string, object?>("operation", name), new KeyValuePair<string, object?>("outcome", failed ? "error" : "ok"));
        }

        if (_duration.Enabled)
        {
            _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("operation", name));
        }

        if (elapsed >= _slowThreshold && _slowThreshold != Timeout.InfiniteTimeSpan)
        {
            ReportSlow(scope, elapsed, rows);
        }
    }

    /// <summary>Counts one stored record of <paramref name="kind"/> read, of <paramref name="bytes"/> bytes.</summary>
    public void RecordRead(RecordKind kind, int bytes)
    {
        int index = (int)kind;
        Interlocked.Increment(ref _read[index]);
        Interlocked.Add(ref _readBytes[index], bytes);
        if (_recordsRead.Enabled)
        {
            _recordsRead.Add(1, new KeyValuePair<string, object?>("kind", SyncOperations.Name(kind)));
        }

        if (_bytesRead.Enabled)
        {
            _bytesRead.Add(bytes, new KeyValuePair<string, object?>("kind", SyncOperations.Name(kind)));
        }
    }

    /// <summary>Counts <paramref name="records"/> records of <paramref name="kind"/> written, of <paramref name="bytes"/> bytes together.</summary>
    public void RecordsWritten(RecordKind kind, long records, long bytes)
    {
        int index = (int)kind;
        Interlocked.Add(ref _written[index], records);
        Interlocked.Add(ref _writtenBytes[index], bytes);
        if (_recordsWritten.Enabled)
        {
            _recordsWritten.Add(records, new KeyValuePair<string, object?>("kind", SyncOperations.Name(kind)));
        }

        if (_bytesWritten.Enabled)
        {
            _bytesWritten.Add(bytes, new KeyValuePair<string, object?>("kind", SyncOperations.Name(kind)));
        }
    }

    /// <summary>A copy of the counters, with <paramref name="database"/> as the key-value store's figures.</summary>
    public SyncStoreMetrics Snapshot(DatabaseMetrics database)
    {
        Dictionary<string, SyncOperationMetrics> operations = new(StringComparer.Ordinal);
        for (int i = 0; i < _calls.Length; i++)
        {
            long calls = Interlocked.Read(ref _calls[i]);
            if (calls != 0)
            {
                operations[SyncOperations.Name((SyncOperation)i)] = new SyncOperationMetrics
                {
                    Count = calls,
                    Errors = Interlocked.Read(ref _errors[i]),
                    TotalDuration = TimeSpan.FromTicks(Interlocked.Read(ref _totalTicks[i])),
                    MaxDuration = TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks[i])),
                };
            }
        }

        Dictionary<string, SyncRecordMetrics> records = new(StringComparer.Ordinal);
        for (int i = 0; i < _read.Length; i++)
        {
            SyncRecordMetrics kind = new()
            {
                RecordsRead = Interlocked.Read(ref _read[i]),
                BytesRead = Interlocked.Read(ref _readBytes[i]),
                RecordsWritten = Interlocked.Read(ref _written[i]),
                BytesWritten = Interlocked.Read(ref _writtenBytes[i]),
            };
            if (kind.RecordsRead != 0 || kind.RecordsWritten != 0)
            {
                records[SyncOperations.Name((RecordKind)i)] = kind;
            }
        }

        return new SyncStoreMetrics
        {
            Operations = operations,
            Records = records,
            SlowOperations = Interlocked.Read(ref _slowCount),
            SlowOperationsLogged = Interlocked.Read(ref _slowLogged),
            Database = database,
        };
    }

    public void Dispose() => _meter.Dispose();
}
