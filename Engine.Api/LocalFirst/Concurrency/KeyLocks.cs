using System;
using System.IO.Hashing;
using System.Threading;

namespace Engine.Api.LocalFirst.Concurrency;

/// <summary>
/// Striped locks over keys, for the read-modify-write operations of the typed stores: a compare-and-swap, the
/// validation and write of an optimistic transaction, a document update that moves its index entries. Writers that do
/// not read first (a plain put) take no lock; the engine orders them itself.
/// </summary>
/// <remarks>
/// A key maps to one of <see cref="StripeCount"/> locks by its hash, so two keys may share a lock; that costs only
/// concurrency, never correctness. Several keys are locked in ascending stripe order, so two callers cannot deadlock.
/// </remarks>
internal sealed class KeyLocks
{
    /// <summary>Enough stripes that unrelated keys rarely contend on a 2- to 16-core machine.</summary>
    public const int StripeCount = 1024;

    private readonly Lock[] _stripes = CreateStripes();

    /// <summary>The stripe of <paramref name="key"/>.</summary>
    public static int StripeOf(ReadOnlySpan<byte> key) => (int)(XxHash3.HashToUInt64(key) & (StripeCount - 1));

    /// <summary>Locks the stripe of <paramref name="key"/> until the returned scope is disposed.</summary>
    public Scope Acquire(ReadOnlySpan<byte> key)
    {
        int stripe = StripeOf(key);
        _stripes[stripe].Enter();
        return new Scope(this, stripe, null);
    }

    /// <summary>
    /// Locks the stripes of every key in <paramref name="keys"/> (in ascending stripe order, each once) until the
    /// returned scope is disposed.
    /// </summary>
    public Scope AcquireAll(ReadOnlySpan<byte[]> keys)
    {
        int[] stripes = new int[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            stripes[i] = StripeOf(keys[i]);
        }

        Array.Sort(stripes);
        int count = 0;
        foreach (int stripe in stripes)
        {
            if (count == 0 || stripes[count - 1] != stripe)
            {
                stripes[count++] = stripe;
            }
        }

        int[] held = stripes.AsSpan(0, count).ToArray();
        foreach (int stripe in held)
        {
            _stripes[stripe].Enter();
        }

        return new Scope(this, -1, held);
    }

    /// <summary>
    /// Locks every stripe, in ascending order, until the returned scope is disposed: for an operation that must exclude
    /// every writer of a range, whose keys it cannot name (a transaction that validates a scan). It waits for every
    /// writer in flight and stalls every other for its duration.
    /// </summary>
    public Scope AcquireEvery()
    {
        int[] held = new int[StripeCount];
        for (int stripe = 0; stripe < StripeCount; stripe++)
        {
            held[stripe] = stripe;
            _stripes[stripe].Enter();
        }

        return new Scope(this, -1, held);
    }

    private static Lock[] CreateStripes()
    {
        Lock[] stripes = new Lock[StripeCount];
        for (int i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Lock();
        }

        return stripes;
    }

    /// <summary>Held stripes (one, without an array, or several), released in reverse order by <see cref="Dispose"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly KeyLocks? _owner;
        private readonly int _single;
        private readonly int[]? _held;

        internal Scope(KeyLocks owner, int single, int[]? held)
        {
            _owner = owner;
            _single = single;
            _held = held;
        }

        /// <summary>Releases the stripes.</summary>
        public void Dispose()
        {
            if (_owner is null)
            {
                return;
            }

            if (_held is null)
            {
                _owner._stripes[_single].Exit();
                return;
            }

            for (int i = _held.Length - 1; i >= 0; i--)
            {
                _owner._stripes[_held[i]].Exit();
            }
        }
    }
}
