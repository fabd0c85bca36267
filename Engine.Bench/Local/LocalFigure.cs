using Engine.Bench.Kv;

namespace Engine.Bench.Local;

/// <summary>One figure of one run of one workload on one backend: a JSON line of the local verb.</summary>
/// <param name="Workload">The workload (<see cref="LocalWorkloads.All"/>).</param>
/// <param name="Metric">What was measured, with its unit in the name (<c>get_p50_us</c>, <c>puts_per_s</c>).</param>
/// <param name="Label">The metric as the table shows it.</param>
/// <param name="HigherIsBetter">True for rates, false for latencies.</param>
/// <param name="Backend"><c>engine</c> or <c>sqlite</c>; <c>plain</c> or <c>encrypted</c> for the encryption workload.</param>
/// <param name="Round">The round, from 0.</param>
/// <param name="Value">The figure.</param>
/// <param name="PeakRssMb">The process's peak resident memory during the run (VmHWM, reset before it).</param>
internal sealed record LocalFigure(
    string Workload,
    string Metric,
    string Label,
    bool HigherIsBetter,
    string Backend,
    int Round,
    double Value,
    double PeakRssMb)
{
    /// <summary>The figure as one JSON line.</summary>
    public string ToJson() => new JsonLine()
        .Add("verb", "local")
        .Add("workload", Workload)
        .Add("metric", Metric)
        .Add("backend", Backend)
        .Add("round", Round)
        .Add("value", Value, 3)
        .Add("higher_is_better", HigherIsBetter)
        .Add("peak_rss_mb", PeakRssMb, 1)
        .ToString();
}
