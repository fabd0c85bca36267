using System;
using System.Numerics;
using System.Threading;
using Engine.Core.Buffers;
using Engine.Core.Errors;

namespace Engine.Lsm.Memtables;

/// <summary>
/// A fixed-capacity bump allocator over one block of unmanaged memory (<see cref="NativeSlab"/>); the memtable's
/// skiplist nodes, keys and values live in it and refer to each other by <see cref="int"/> offsets, so the GC never
/// walks them, and <see cref="Dispose"/> gives the pages back to the operating system at once.
/// </summary>
/// <remarks>
/// <para>
/// Offset 0 is reserved and means "null": the first allocation starts at offset 1 or later. Memory is
/// never freed individually; the whole arena is freed when its memtable's last reference is released (or, failing
/// that, when it becomes unreachable). The memory is uninitialised, so every allocation's bytes are garbage until
/// its owner writes them.
/// </para>
/// <para>
/// Thread-safety: one writer at a time calls <see cref="TryAllocate"/> (the memtable's caller serialises
/// inserts), so the bump pointer is a plain field without compare-and-swap. <see cref="Size"/> and the
/// bytes of published allocations may be read from any thread.
/// </para>
/// </remarks>
internal sealed class Arena : IDisposable
{
    /// <summary>The largest capacity, in bytes; offsets and sizes then fit in an <see cref="int"/> with room to add.</summary>
    public const int MaxCapacity = 1 << 30;

    /// <summary>The bytes at the start that are never handed out, so that offset 0 can mean "null".</summary>
    public const int ReservedBytes = 1;

    private readonly NativeSlab _slab;

    // Written by the single writer only; read by any thread through Volatile for statistics.
    private int _size;

    /// <summary>Creates an arena of <paramref name="capacity"/> bytes.</summary>
    /// <param name="capacity">In bytes; from <see cref="ReservedBytes"/> + 1 to <see cref="MaxCapacity"/>.</param>
    public Arena(int capacity)
    {
        if (capacity <= ReservedBytes || capacity > MaxCapacity)
        {
            ThrowHelper.ThrowInvalidArgument($"arena capacity {capacity} is outside [{ReservedBytes + 1}, {MaxCapacity}]");
        }

        _slab = new NativeSlab(capacity);
        _size = ReservedBytes;
    }

    /// <summary>The capacity in bytes.</summary>
    public int Capacity => _slab.Length;

    /// <summary>The bytes handed out so far, reserved bytes and alignment padding included.</summary>
    public int Size => Volatile.Read(ref _size);

    /// <summary>
    /// The backing memory. Readers address it with the offsets that <see cref="TryAllocate"/> returned, through the
    /// slab's accessors or bounds-checked spans.
    /// </summary>
    public NativeSlab Slab => _slab;

    /// <summary>
    /// Reserves <paramref name="size"/> bytes whose offset is a multiple of <paramref name="alignment"/>.
    /// Returns false, and changes nothing, when the arena cannot hold them.
    /// </summary>
    /// <param name="size">In bytes; not negative.</param>
    /// <param name="alignment">A power of two, at most 64.</param>
    /// <param name="offset">The offset of the first reserved byte; never 0.</param>
    public bool TryAllocate(int size, int alignment, out int offset)
    {
        if (size < 0 || alignment <= 0 || alignment > 64 || !BitOperations.IsPow2(alignment))
        {
            ThrowHelper.ThrowInvalidArgument($"bad arena allocation: size {size}, alignment {alignment}");
        }

        // The single writer owns _size; a plain read sees its own last write.
        long start = ((long)_size + alignment - 1) & ~(long)(alignment - 1);
        long end = start + size;
        if (end > _slab.Length)
        {
            offset = 0;
            return false;
        }

        offset = (int)start;
        Volatile.Write(ref _size, (int)end);
        return true;
    }

    /// <summary>Frees the memory; nothing may read or allocate from the arena afterwards.</summary>
    public void Dispose() => _slab.Dispose();
}
