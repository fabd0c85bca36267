using System.Threading;

namespace Engine.Lsm.Db;

/// <summary>A counter shared by reference, updated atomically: live iterators, held by each iterator's pin.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class StrongBoxCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);

    public void Decrement() => Interlocked.Decrement(ref _value);
}
