using BenchmarkDotNet.Attributes;
using Engine.Core.Buffers;
using Engine.Lsm.Db;
using Engine.Lsm.Options;

namespace Engine.Bench.Micro;

/// <summary>
/// Put and Get through the whole store on the local disk, in steady state: puts go to a memtable large enough that
/// the measured run never rotates it (rotation and flushing are the KV driver's business); gets read 100,000 keys
/// flushed to a table, through the block cache. Not thread-safe.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet releases what a benchmark holds through [GlobalCleanup].")]
public class StoreBenchmarks
{
    private const int PutsPerIteration = 100_000;

    private readonly PooledBufferWriter _value = new(256);
    private string _directory = "";
    private LsmDatabase _writes = null!;
    private LsmDatabase _reads = null!;
    private byte[][] _keys = [];
    private int[] _order = [];
    private byte[] _payload = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"engine-micro-{Environment.ProcessId}-{Guid.NewGuid():N}");
        _keys = MicroKeys.Keys(MicroKeys.Count);
        _order = MicroKeys.Shuffled(MicroKeys.Count, 7);
        _payload = MicroKeys.Value(7);
        _writes = LsmDatabase.Open(Path.Combine(_directory, "writes"), new LsmOptions { WriteBufferSizeBytes = 1L << 30 });
        _reads = LsmDatabase.Open(Path.Combine(_directory, "reads"), new LsmOptions());
        foreach (byte[] key in _keys)
        {
            _reads.Put(key, _payload);
        }

        _reads.Flush();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writes.Dispose();
        _reads.Dispose();
        _value.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    [InvocationCount(PutsPerIteration)]
    public void Put() => _writes.Put(_keys[_order[_next++ % MicroKeys.Count]], _payload);

    [Benchmark]
    public bool Get()
    {
        _value.Clear();
        return _reads.TryGet(_keys[_order[_next++ % MicroKeys.Count]], _value);
    }
}
