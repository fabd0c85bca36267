using System.Globalization;

namespace Engine.Bench.Kv;

/// <summary>
/// Samples where the resident set goes while a workload runs: the peaks of anonymous memory (<c>RssAnon</c>: the
/// managed heap, pinned memtable arenas, the runtime), of file-backed pages this process maps (<c>RssFile</c>: mapped
/// tables, the runtime's own images) and of the managed heap's committed bytes, every few milliseconds on a
/// background thread. <c>VmHWM</c> stays the rig's figure; these say what made it.
/// </summary>
/// <remarks>Linux only; elsewhere the peaks stay 0. Start once, then <see cref="Dispose"/> to read the peaks.</remarks>
internal sealed class RssSampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    /// <summary>Starts sampling every <paramref name="intervalMs"/> milliseconds.</summary>
    public RssSampler(int intervalMs = 10)
    {
        _thread = new Thread(() => Run(intervalMs)) { IsBackground = true, Name = "rss-sampler" };
        _thread.Start();
    }

    /// <summary>The peak anonymous resident memory, in MiB.</summary>
    public double PeakAnonMb { get; private set; }

    /// <summary>The peak file-backed resident memory, in MiB.</summary>
    public double PeakFileMb { get; private set; }

    /// <summary>The peak committed managed heap, in MiB.</summary>
    public double PeakManagedMb { get; private set; }

    /// <summary>Stops sampling, after one last sample.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run(int intervalMs)
    {
        do
        {
            Sample();
            Thread.Sleep(intervalMs);
        }
        while (!_stop);

        Sample();
    }

    private void Sample()
    {
        PeakManagedMb = Math.Max(PeakManagedMb, GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0);
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (string line in lines)
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                PeakAnonMb = Math.Max(PeakAnonMb, Kib(line) / 1024);
            }
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                PeakFileMb = Math.Max(PeakFileMb, Kib(line) / 1024);
            }
        }
    }

    private static double Kib(string line)
    {
        string number = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0];
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double kib) ? kib : 0;
    }
}
