using BenchmarkDotNet.Attributes;
using Engine.Lsm.Batch;

namespace Engine.Bench.Micro;

/// <summary>Encoding a one-put batch into a reused <see cref="WriteBatch"/>. Not thread-safe.</summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet releases what a benchmark holds through [GlobalCleanup].")]
public class BatchBenchmarks
{
    private readonly WriteBatch _batch = new();
    private byte[] _key = [];
    private byte[] _value = [];

    [GlobalSetup]
    public void Setup()
    {
        _key = MicroKeys.Key(4);
        _value = MicroKeys.Value(4);
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark]
    public int Encode()
    {
        _batch.Clear();
        _batch.Put(_key, _value);
        return _batch.ApproximateSize;
    }
}
