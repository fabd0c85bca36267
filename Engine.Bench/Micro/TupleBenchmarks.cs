using BenchmarkDotNet.Attributes;
using Engine.Core.Buffers;
using Engine.Core.Encoding;

namespace Engine.Bench.Micro;

/// <summary>
/// The tuple codec on an entity-layer key shape — (string type, string id, int64 version, bytes hash) — encoded into a
/// reused buffer and decoded element by element. Not thread-safe.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet releases what a benchmark holds through [GlobalCleanup].")]
public class TupleBenchmarks
{
    private readonly PooledBufferWriter _buffer = new(256);
    private readonly byte[] _hash = new byte[20];
    private byte[] _encoded = [];

    [GlobalSetup]
    public void Setup()
    {
        new Random(6).NextBytes(_hash);
        Encode();
        _encoded = _buffer.WrittenSpan.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark]
    public int Encode()
    {
        _buffer.Clear();
        TupleWriter writer = new(_buffer);
        writer.AppendString("grant");
        writer.AppendString("user:2f1c9a0e-7b1d-4c55-9f1e-1a2b3c4d5e6f");
        writer.AppendInt64(1_732_233_600_000);
        writer.AppendBytes(_hash);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public long Decode()
    {
        TupleReader reader = new(_encoded);
        long sum = 0;
        while (reader.TryReadNext(out TupleElementKind kind))
        {
            sum += kind == TupleElementKind.Integer ? reader.GetInt64() : reader.GetByteCount();
        }

        return sum;
    }
}
