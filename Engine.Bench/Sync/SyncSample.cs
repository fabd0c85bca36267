using Engine.Bench.Kv;

namespace Engine.Bench.Sync;

/// <summary>One measured run of one workload on one backend at one N: a JSON line of the sync verb.</summary>
/// <param name="Workload">The workload's name (<see cref="SyncWorkloads.All"/>).</param>
/// <param name="Backend"><c>lsm</c> or <c>sqlite</c>.</param>
/// <param name="N">The grants in the dataset.</param>
/// <param name="Round">The round, from 0.</param>
/// <param name="Seconds">Wall time of the workload.</param>
/// <param name="Records">The records it wrote, read or deleted.</param>
/// <param name="AllocatedBytes">Managed bytes allocated meanwhile, all threads (native SQLite memory is not counted).</param>
/// <param name="RssStartMb">Resident memory when it started (after a full GC and a reset of the peak).</param>
/// <param name="PeakRssMb">The process's peak resident memory meanwhile (VmHWM, reset before the workload).</param>
/// <param name="StoreBytes">The store's working size before it was packed, -1 when not measured.</param>
/// <param name="PackedBytes">The packed file's size, -1 when not measured.</param>
/// <param name="CpuSeconds">Processor time of the whole process meanwhile (every thread): steadier than wall time on a busy machine.</param>
internal sealed record SyncSample(
    string Workload,
    string Backend,
    int N,
    int Round,
    double Seconds,
    long Records,
    long AllocatedBytes,
    double RssStartMb,
    double PeakRssMb,
    long StoreBytes,
    long PackedBytes,
    double CpuSeconds)
{
    /// <summary>Records per second, 0 when nothing was timed.</summary>
    public double RecordsPerSecond => Seconds > 0 ? Records / Seconds : 0;

    /// <summary>Allocated bytes per record, the whole allocation when there were none.</summary>
    public double AllocatedPerRecord => AllocatedBytes / (double)Math.Max(Records, 1);

    /// <summary>The sample as one JSON line.</summary>
    public string ToJson() => new JsonLine()
        .Add("verb", "sync")
        .Add("workload", Workload)
        .Add("backend", Backend)
        .Add("n", N)
        .Add("round", Round)
        .Add("seconds", Seconds, 6)
        .Add("cpu_seconds", CpuSeconds, 6)
        .Add("records", Records)
        .Add("records_per_second", RecordsPerSecond, 0)
        .Add("allocated_bytes", AllocatedBytes)
        .Add("allocated_bytes_per_record", AllocatedPerRecord, 1)
        .Add("rss_start_mb", RssStartMb, 1)
        .Add("peak_rss_mb", PeakRssMb, 1)
        .Add("store_bytes", StoreBytes)
        .Add("packed_bytes", PackedBytes)
        .ToString();
}
