using System.Numerics;
using System.Threading;
using Engine.Core.Buffers;
using Engine.Core.Errors;

namespace Engine.Lsm.Memtable;

/// <summary>
/// A fixed-capacity bump allocator over one pinned byte array; the memtable's skiplist nodes, keys and values
/// live in it and refer to each other by <see cref="int"/> offsets, so the GC never walks them.
/// </summary>
/// <remarks>
/// <para>
/// Offset 0 is reserved and means "null": the first allocation starts at offset 1 or later. Memory is
/// never freed individually; the whole arena goes away with its memtable. The array is allocated
/// uninitialised, so every allocation's bytes are garbage until its owner writes them.
/// </para>
/// <para>
/// Thread-safety: one writer at a time calls <see cref="TryAllocate"/> (the memtable's caller serialises
/// inserts), so the bump pointer is a plain field without compare-and-swap. <see cref="Size"/> and the
/// bytes of published allocations may be read from any thread.
/// </para>
/// </remarks>
internal sealed class Arena
{
    /// <summary>The largest capacity, in bytes; offsets and sizes then fit in an <see cref="int"/> with room to add.</summary>
    public const int MaxCapacity = 1 << 30;

    /// <summary>The bytes at the start that are never handed out, so that offset 0 can mean "null".</summary>
    public const int ReservedBytes = 1;

    private readonly byte[] _buffer;

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

        _buffer = PinnedMemory.AllocatePinned(capacity);
        _size = ReservedBytes;
    }

    /// <summary>The capacity in bytes.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The bytes handed out so far, reserved bytes and alignment padding included.</summary>
    public int Size => Volatile.Read(ref _size);

    /// <summary>
    /// The pinned backing array. Readers address it with the offsets that <see cref="TryAllocate"/> returned,
    /// through <see cref="PinnedMemory"/>'s helpers or bounds-checked spans.
    /// </summary>
    public byte[] Buffer => _buffer;

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
        if (end > _buffer.Length)
        {
            offset = 0;
            return false;
        }

        offset = (int)start;
        Volatile.Write(ref _size, (int)end);
        return true;
    }
}
