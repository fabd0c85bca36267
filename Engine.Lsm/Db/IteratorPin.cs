using System;
using System.Threading;

namespace Engine.Lsm.Db;

/// <summary>What a user iterator holds on the store: its read state, and its place in the live-iterator count.</summary>
/// <remarks>Disposed once, by the iterator's own thread; the count is updated atomically.</remarks>
internal sealed class IteratorPin : IDisposable
{
    private readonly ReadState _state;
    private readonly StrongBoxCounter _liveIterators;
    private int _disposed;

    public IteratorPin(ReadState state, StrongBoxCounter liveIterators)
    {
        _state = state;
        _liveIterators = liveIterators;
        _liveIterators.Increment();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _liveIterators.Decrement();
            _state.Dispose();
        }
    }
}
