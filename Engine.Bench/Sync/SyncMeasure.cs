using System.Diagnostics;
using Engine.Bench.Kv;

namespace Engine.Bench.Sync;

/// <summary>
/// Times one workload with its allocation and peak resident memory. The peak is the process's VmHWM, reset through
/// <c>/proc/self/clear_refs</c> after a full GC before each workload: it includes what the process already holds (the
/// start is recorded beside it), and on a system that refuses the reset it covers the whole run so far.
/// </summary>
internal static class SyncMeasure
{
    /// <summary>Runs <paramref name="body"/> once, measured.</summary>
    public static SyncSample Run(string workload, string backend, int n, int round, Func<WorkloadResult> body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ProcessStats.ResetPeakRss();
        double rssStart = CurrentRssMb();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        Stopwatch clock = Stopwatch.StartNew();
        WorkloadResult result = body();
        clock.Stop();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new SyncSample(
            workload, backend, n, round, clock.Elapsed.TotalSeconds, result.Records, allocated, rssStart,
            ProcessStats.PeakRssMb(), result.StoreBytes, result.PackedBytes, cpu.TotalSeconds);
    }

    private static double CurrentRssMb()
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
