namespace Engine.Bench.Local;

/// <summary>One figure a workload measured on one backend, before it is stamped with the run (<see cref="LocalFigure"/>).</summary>
/// <param name="Metric">The name in the JSON lines, with its unit (<c>get_p50_us</c>).</param>
/// <param name="Label">The name in the table, with its unit (<c>get p50 (µs)</c>).</param>
/// <param name="HigherIsBetter">True for rates, false for latencies.</param>
/// <param name="Value">The figure.</param>
internal readonly record struct Measured(string Metric, string Label, bool HigherIsBetter, double Value)
{
    /// <summary>A latency percentile in microseconds, from a <see cref="Kv.LatencyRecorder"/>.</summary>
    public static Measured Micros(string operation, string percentile, double micros) =>
        new($"{operation}_{percentile}_us", $"{operation} {percentile} (µs)", false, micros);

    /// <summary>A median latency in milliseconds, from microseconds.</summary>
    public static Measured MedianMs(string operation, string label, double micros) =>
        new($"{operation}_p50_ms", $"{label} p50 (ms)", false, micros / 1000);

    /// <summary>A rate: <paramref name="count"/> per second over <paramref name="seconds"/>.</summary>
    public static Measured Rate(string metric, string label, double count, double seconds) =>
        new(metric, label, true, seconds > 0 ? count / seconds : 0);
}
