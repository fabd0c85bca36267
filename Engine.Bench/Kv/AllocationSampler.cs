using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Engine.Bench.Kv;

/// <summary>
/// Which types a workload allocates, from the runtime's allocation sampling events (one event per ~100 KB allocated,
/// naming the type that crossed the mark): the quickest way to see what a non-zero <c>alloc_bytes_per_op</c> is made of.
/// </summary>
/// <remarks>
/// Counts every thread, the store's background tasks included. The figures are samples, so types allocating less than
/// about 100 KB in a workload may not show. Thread-safe.
/// </remarks>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new();

    /// <summary>Writes the types that allocated the most since the last call, largest first, and starts over.</summary>
    public void WriteTop(TextWriter output, string workload, int count = 12)
    {
        // ToArray snapshots under the dictionary's locks: enumerating it through LINQ while background threads
        // allocate (and the sampler records them) can throw.
        KeyValuePair<string, long>[] top = [.. _bytes.ToArray().OrderByDescending(entry => entry.Value).Take(count)];
        _bytes.Clear();
        output.WriteLine($"kv: {workload}: sampled allocations by type");
        foreach ((string type, long bytes) in top)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1048576.0,9:F1} MiB  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true
            || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0 || eventData.Payload[typeIndex] is not string type)
        {
            return;
        }

        long amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
