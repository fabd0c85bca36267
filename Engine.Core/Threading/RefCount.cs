using System.Runtime.CompilerServices;
using System.Threading;

namespace Engine.Core.Threading;

/// <summary>
/// A reference count that cannot be revived: once it has dropped to zero, <see cref="TryAcquire"/> fails. Readers
/// use it to pin shared, immutable state (versions, read states) published by one atomic store.
/// </summary>
/// <remarks>
/// Mutable struct: keep it in a field and call it there; never copy it or make the field readonly. Thread-safe.
/// </remarks>
internal struct RefCount
{
    private int _count;

    public RefCount(int initial)
    {
        _count = initial;
    }

    /// <summary>The current count; only for diagnostics, stale at once.</summary>
    public readonly int Current => Volatile.Read(ref Unsafe.AsRef(in _count));

    /// <summary>Takes a reference unless the count already reached zero.</summary>
    public bool TryAcquire()
    {
        int current = Volatile.Read(ref _count);
        while (current > 0)
        {
            int seen = Interlocked.CompareExchange(ref _count, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Takes a reference; the caller knows the count is above zero.</summary>
    public void Acquire() => Interlocked.Increment(ref _count);

    /// <summary>Drops a reference; true when it was the last.</summary>
    public bool Release() => Interlocked.Decrement(ref _count) == 0;
}
