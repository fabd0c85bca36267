using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;

namespace Engine.Server.Diagnostics;

/// <summary>
/// The server's instruments on the <c>Engine.Server</c> meter, and their running totals for <c>/metrics</c>, which a
/// <see cref="MeterListener"/> collects from this instance's meter only (so an OpenTelemetry exporter and the JSON
/// endpoint report the same measurements).
/// </summary>
/// <remarks>
/// Instruments: <c>engine.server.requests</c> (tags <c>route</c>, <c>status</c>), <c>engine.server.push.ops</c> (ops
/// received by pushes that answered 200) and <c>engine.server.pull.changes</c> (changes returned by pulls).
/// Thread-safe.
/// </remarks>
internal sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name, for exporters.</summary>
    public const string MeterName = "Engine.Server";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _pushOps;
    private readonly Counter<long> _pullChanges;
    private readonly MeterListener _listener;

    // Written by the listener's callback on request threads; read by the /metrics endpoint.
    private readonly ConcurrentDictionary<(string Route, int Status), StrongBox<long>> _requestCounts = new();
    private long _pushOpsTotal;
    private long _pullChangesTotal;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    public ServerMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("engine.server.requests", "{request}", "HTTP requests by route and status.");
        _pushOps = _meter.CreateCounter<long>("engine.server.push.ops", "{op}", "Ops received by successful pushes.");
        _pullChanges = _meter.CreateCounter<long>("engine.server.pull.changes", "{change}", "Changes returned by pulls.");
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, _meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Counts one answered request.</summary>
    public void Request(string route, int status) =>
        _requests.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("status", status));

    /// <summary>Counts the ops of a successful push.</summary>
    public void PushOps(int count) => _pushOps.Add(count);

    /// <summary>Counts the changes a pull returned.</summary>
    public void PullChanges(int count) => _pullChanges.Add(count);

    /// <summary>
    /// Writes <c>{"requests": [{"route", "status", "count"}], "push_ops", "pull_changes"}</c>, requests sorted by route
    /// then status.
    /// </summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("requests");
        foreach (KeyValuePair<(string Route, int Status), StrongBox<long>> entry in
                 _requestCounts.OrderBy(e => e.Key.Route, StringComparer.Ordinal).ThenBy(e => e.Key.Status))
        {
            json.WriteStartObject();
            json.WriteString("route", entry.Key.Route);
            json.WriteNumber("status", entry.Key.Status);
            json.WriteNumber("count", Interlocked.Read(ref entry.Value.Value));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("push_ops", Interlocked.Read(ref _pushOpsTotal));
        json.WriteNumber("pull_changes", Interlocked.Read(ref _pullChangesTotal));
        json.WriteEndObject();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _listener.Dispose();
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (ReferenceEquals(instrument, _pushOps))
        {
            Interlocked.Add(ref _pushOpsTotal, value);
        }
        else if (ReferenceEquals(instrument, _pullChanges))
        {
            Interlocked.Add(ref _pullChangesTotal, value);
        }
        else if (ReferenceEquals(instrument, _requests))
        {
            string route = "";
            int status = 0;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "route" && tag.Value is string r)
                {
                    route = r;
                }
                else if (tag.Key == "status" && tag.Value is int s)
                {
                    status = s;
                }
            }

            StrongBox<long> count = _requestCounts.GetOrAdd((route, status), static _ => new StrongBox<long>());
            Interlocked.Add(ref count.Value, value);
        }
    }
}
