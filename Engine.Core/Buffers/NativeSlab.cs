using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Engine.Core.Buffers;

// SAFETY: a block of unmanaged memory owned by this object.
// - Allocated with NativeMemory.AlignedAlloc (a runtime API, no P/Invoke of ours), 64-byte aligned, never moved.
//   Freed exactly once: by Dispose, or by the finalizer when the slab became unreachable without it (then nothing
//   can hold a pointer into it, since every accessor goes through this object).
// - Owners must not Dispose while another thread may still read: the memtable frees its slab only when its last
//   reference is released (ReadState and the store count references), the same protocol as table mappings.
// - Accessors do not check bounds: callers pass offsets they checked once at allocation (the arena's bump pointer
//   never hands out bytes past Capacity). Span and Write check, since they take caller-chosen lengths.
// - After Dispose the base address is 0, so a use after free faults at once instead of reading reused memory.

/// <summary>
/// A fixed-size block of unmanaged memory with unchecked 32-bit accessors, for the memtable's arena: freeing it at
/// once when the memtable is released returns its pages to the operating system, where a managed array would wait
/// for a full collection and then linger in the collector's free regions.
/// </summary>
/// <remarks>Thread-safe for concurrent reads and one writer; <see cref="Dispose"/> must not race with them.</remarks>
internal sealed unsafe class NativeSlab : IDisposable
{
    // The address as an integer, so that Free can swap it atomically; 0 once freed.
    private nint _base;
    private readonly int _length;

    /// <summary>Allocates <paramref name="length"/> bytes of uninitialised memory.</summary>
    /// <exception cref="OutOfMemoryException">The allocation failed.</exception>
    public NativeSlab(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _base = (nint)NativeMemory.AlignedAlloc((nuint)length, 64);
        _length = length;
        GC.AddMemoryPressure(length);
    }

    ~NativeSlab()
    {
        Free();
    }

    /// <summary>The size in bytes.</summary>
    public int Length => _length;

    /// <summary>True once freed.</summary>
    public bool IsDisposed => Volatile.Read(ref _base) == 0;

    /// <summary>The <paramref name="length"/> bytes at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Span(int offset, int length)
    {
        if ((uint)offset > (uint)_length || (uint)length > (uint)(_length - offset))
        {
            ThrowOutOfRange(offset, length);
        }

        return new Span<byte>((byte*)_base + offset, length);
    }

    /// <summary>Reads a 32-bit integer at <paramref name="offset"/> without a bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32(int offset) => Unsafe.ReadUnaligned<int>((byte*)_base + (uint)offset);

    /// <summary>Writes a 32-bit integer at <paramref name="offset"/> without a bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int offset, int value) => Unsafe.WriteUnaligned((byte*)_base + (uint)offset, value);

    /// <summary>Reads a 4-byte-aligned 32-bit integer with acquire semantics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32Acquire(int offset) => Volatile.Read(ref *(int*)((byte*)_base + (uint)offset));

    /// <summary>Writes a 4-byte-aligned 32-bit integer with release semantics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32Release(int offset, int value) => Volatile.Write(ref *(int*)((byte*)_base + (uint)offset), value);

    /// <summary>Compare-and-swap on a 4-byte-aligned 32-bit integer; returns the value found.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CompareExchangeInt32(int offset, int value, int comparand) =>
        Interlocked.CompareExchange(ref *(int*)((byte*)_base + (uint)offset), value, comparand);

    /// <summary>Frees the memory; nothing may use the slab afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        nint memory = Interlocked.Exchange(ref _base, 0);
        if (memory != 0)
        {
            NativeMemory.AlignedFree((void*)memory);
            GC.RemoveMemoryPressure(_length);
        }
    }

    private static void ThrowOutOfRange(int offset, int length) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"{length} bytes at {offset} are outside a slab of the given length");
}
