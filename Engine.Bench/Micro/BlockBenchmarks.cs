using BenchmarkDotNet.Attributes;
using Engine.Core.Storage;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;

namespace Engine.Bench.Micro;

/// <summary>A seek inside one 4 KiB data block (restart-point binary search, then a linear scan). Not thread-safe.</summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet releases what a benchmark holds through [GlobalCleanup].")]
public class BlockBenchmarks
{
    private const int Entries = 32;

    private byte[][] _keys = [];
    private int[] _order = [];
    private BlockIterator _iterator = null!;
    private IMappedFile _file = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _keys = MicroKeys.Keys(Entries);
        _order = MicroKeys.Shuffled(Entries, 2);
        byte[] value = MicroKeys.Value(2);
        using BlockBuilder builder = new(16, BlockKeyOrder.Internal);
        Span<byte> internalKey = stackalloc byte[64];
        for (int i = 0; i < Entries; i++)
        {
            int length = InternalKey.Write(internalKey, _keys[i], (ulong)(i + 1), KeyKind.Set);
            builder.Add(internalKey[..length], value);
        }

        byte[] block = builder.Finish().ToArray();
        MemFileSystem fs = new();
        fs.WriteAllBytes("/block", block, sync: true);
        _file = fs.OpenMapped("/block");
        _iterator = new BlockIterator(_file, new BlockHandle(0, block.Length), BlockKeyOrder.Internal);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _iterator.Dispose();
        _file.Dispose();
    }

    [Benchmark]
    public bool Seek()
    {
        _iterator.SeekGE(_keys[_order[_next++ % Entries]], SequenceNumber.MakeTrailer(SequenceNumber.Max, KeyKind.Set));
        return _iterator.Valid;
    }
}
