using BenchmarkDotNet.Attributes;
using Engine.Lsm.Keys;
using Engine.Lsm.Memtables;

namespace Engine.Bench.Micro;

/// <summary>Memtable insert and lookup (the skiplist over its arena). Not thread-safe; BenchmarkDotNet runs it on one thread.</summary>
[MemoryDiagnoser]
public class MemtableBenchmarks
{
    private const int InsertsPerIteration = 200_000;

    private byte[][] _keys = [];
    private int[] _order = [];
    private byte[] _value = [];
    private Memtable _full = null!;
    private Memtable _empty = null!;
    private int _next;
    private ulong _sequence;

    [GlobalSetup]
    public void Setup()
    {
        _keys = MicroKeys.Keys(MicroKeys.Count);
        _order = MicroKeys.Shuffled(MicroKeys.Count, 1);
        _value = MicroKeys.Value(1);
        _full = new Memtable(64 << 20);
        foreach (int i in _order)
        {
            _full.TryAdd(++_sequence, KeyKind.Set, _keys[i], _value);
        }
    }

    /// <summary>A fresh memtable per iteration, big enough for every insert of it: the arena is not measured, the insert is.</summary>
    [IterationSetup(Target = nameof(Insert))]
    public void NewMemtable()
    {
        _empty = new Memtable(128 << 20);
        _next = 0;
    }

    [Benchmark]
    [InvocationCount(InsertsPerIteration)]
    public bool Insert()
    {
        int i = _order[_next++ % _order.Length];
        return _empty.TryAdd(++_sequence, KeyKind.Set, _keys[i], _value);
    }

    [Benchmark]
    public bool Lookup()
    {
        int i = _order[_next++ % _order.Length];
        return _full.TryGetLatest(_keys[i], SequenceNumber.Max, out _, out _);
    }
}
