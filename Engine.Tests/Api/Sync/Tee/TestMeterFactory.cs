using System.Diagnostics.Metrics;

namespace Engine.Tests.Api.Sync.Tee;

/// <summary>
/// Creates meters scoped to this factory and listens to their counters, so a test sees only its own component's
/// measurements even while other tests record the same instrument names.
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();

    public TestMeterFactory()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (Measurements)
            {
                Measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        _listener.Start();
    }

    public List<(string Instrument, long Value, Dictionary<string, object?> Tags)> Measurements { get; } = [];

    public Meter Create(MeterOptions options)
    {
        Meter meter = new(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }
}
