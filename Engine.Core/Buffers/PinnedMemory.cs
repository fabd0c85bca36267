using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Engine.Core.Buffers;

// SAFETY: the one place for pinned and unchecked memory access.
// - AllocatePinned returns arrays on the Pinned Object Heap: they never move, so a pointer or a ref taken
//   to them stays valid for as long as the array is reachable. The owner (memtable arena, I/O buffer) must
//   keep the array referenced for as long as any pointer into it is in use.
// - ReadInt32/WriteInt32 use unaligned access without bounds checks; callers pass offsets they have
//   bounds-checked themselves (the arena checks once per node allocation).

/// <summary>Pinned allocation and unchecked access helpers for long-lived slabs.</summary>
/// <remarks>Stateless; thread-safe. Volatile variants give acquire/release ordering for lock-free readers.</remarks>
internal static class PinnedMemory
{
    /// <summary>Allocates an uninitialised byte array that the GC never moves.</summary>
    public static byte[] AllocatePinned(int length) => GC.AllocateUninitializedArray<byte>(length, pinned: true);

    /// <summary>Reads a 32-bit integer at <paramref name="offset"/> without a bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadInt32(byte[] slab, int offset) =>
        Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slab), (nint)(uint)offset));

    /// <summary>Writes a 32-bit integer at <paramref name="offset"/> without a bounds check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteInt32(byte[] slab, int offset, int value) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slab), (nint)(uint)offset), value);

    /// <summary>Reads a 4-byte-aligned 32-bit integer with acquire semantics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadInt32Acquire(byte[] slab, int offset) =>
        Volatile.Read(ref Unsafe.As<byte, int>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slab), (nint)(uint)offset)));

    /// <summary>Writes a 4-byte-aligned 32-bit integer with release semantics.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteInt32Release(byte[] slab, int offset, int value) =>
        Volatile.Write(ref Unsafe.As<byte, int>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slab), (nint)(uint)offset)), value);

    /// <summary>Compare-and-swap on a 4-byte-aligned 32-bit integer; returns the value found.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CompareExchangeInt32(byte[] slab, int offset, int value, int comparand) =>
        Interlocked.CompareExchange(
            ref Unsafe.As<byte, int>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(slab), (nint)(uint)offset)), value, comparand);
}
