using System.Diagnostics;

namespace Engine.Bench.Kv;

/// <summary>
/// Per-operation latencies in <see cref="Stopwatch"/> ticks, kept whole (no histogram) so that percentiles are exact.
/// The array is allocated up front so recording allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: one recorder per thread, combined with <see cref="Append"/> after the threads finish.</remarks>
internal sealed class LatencyRecorder
{
    private long[] _ticks;
    private int _count;

    public LatencyRecorder(ulong capacity)
    {
        _ticks = new long[checked((int)capacity)];
    }

    /// <summary>Latencies recorded so far.</summary>
    public int Count => _count;

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordSince(long startTimestamp)
    {
        long elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        if (_count == _ticks.Length)
        {
            // Only when the caller underestimated; growing outside the steady state keeps the loop simple.
            Array.Resize(ref _ticks, Math.Max(16, _ticks.Length * 2));
        }

        _ticks[_count++] = elapsed;
    }

    /// <summary>Appends every latency of <paramref name="other"/>.</summary>
    public void Append(LatencyRecorder other)
    {
        if (_count + other._count > _ticks.Length)
        {
            Array.Resize(ref _ticks, _count + other._count);
        }

        other._ticks.AsSpan(0, other._count).CopyTo(_ticks.AsSpan(_count));
        _count += other._count;
    }

    /// <summary>The p50, p99 and p99.9 latencies in microseconds (nearest rank); zeros when nothing was recorded.</summary>
    public (double P50, double P99, double P999) Percentiles()
    {
        if (_count == 0)
        {
            return (0, 0, 0);
        }

        Span<long> sorted = _ticks.AsSpan(0, _count);
        sorted.Sort();
        return (Micros(sorted, 0.50), Micros(sorted, 0.99), Micros(sorted, 0.999));
    }

    private static double Micros(ReadOnlySpan<long> sorted, double quantile)
    {
        int rank = (int)Math.Ceiling(quantile * sorted.Length);
        long ticks = sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        return ticks * 1e6 / Stopwatch.Frequency;
    }
}
