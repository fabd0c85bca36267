using BenchmarkDotNet.Attributes;
using Engine.Core.Hashing;

namespace Engine.Bench.Micro;

/// <summary>CRC-32C of a 4 KiB block (a table block's checksum). Not thread-safe.</summary>
[MemoryDiagnoser]
public class Crc32CBenchmarks
{
    private readonly byte[] _block = new byte[4096];

    [GlobalSetup]
    public void Setup() => new Random(5).NextBytes(_block);

    [Benchmark]
    public uint Block4K() => Crc32C.Compute(_block);
}
