using BenchmarkDotNet.Attributes;
using Engine.Lsm.Batch;
using Engine.Lsm.Wal;

namespace Engine.Bench.Micro;

/// <summary>Appending one encoded single-put batch to the WAL: chunk framing, checksum, buffering. Not thread-safe.</summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet releases what a benchmark holds through [GlobalCleanup].")]
public class WalBenchmarks
{
    private LogWriter _writer = null!;
    private byte[] _record = [];

    [GlobalSetup]
    public void Setup()
    {
        using WriteBatch batch = new();
        batch.Put(MicroKeys.Key(1), MicroKeys.Value(3));
        _record = batch.Data.ToArray();
#pragma warning disable CA2000 // The writer owns the file and disposes it.
        _writer = new LogWriter(new DiscardFile());
#pragma warning restore CA2000
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark]
    public long Append() => _writer.AddRecord(_record);
}
