using BenchmarkDotNet.Attributes;
using Engine.Lsm.Bloom;

namespace Engine.Bench.Micro;

/// <summary>A probe of a 10-bits-per-key filter holding 100,000 keys: hash the key, test its cache line. Not thread-safe.</summary>
[MemoryDiagnoser]
public class BloomBenchmarks
{
    private byte[][] _keys = [];
    private byte[] _filter = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = MicroKeys.Keys(2 * MicroKeys.Count);
        BloomFilterBuilder builder = new();
        for (int i = 0; i < MicroKeys.Count; i++)
        {
            builder.AddKey(_keys[2 * i]);
        }

        _filter = builder.Finish(10);
    }

    /// <summary>Half the probes are for keys in the filter, half for keys not in it.</summary>
    [Benchmark]
    public bool Probe()
    {
        BloomFilterReader reader = new(_filter, "<filter>", 0);
        return reader.MayContain(_keys[_next++ % _keys.Length]);
    }
}
