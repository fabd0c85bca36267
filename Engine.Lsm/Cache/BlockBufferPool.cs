using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;

namespace Engine.Lsm.Cache;

/// <summary>
/// The buffers the block cache holds decoded blocks in: sized to the block rounded up to 512 bytes instead of to the
/// next power of two, and recycled per size class.
/// </summary>
/// <remarks>
/// A data block is cut just past the target size (4 KiB by default), so <see cref="ArrayPool{T}.Shared"/> hands it an
/// 8 KiB array: half of every cached block would be slack, charged to the cache's capacity and, on a cold scan that
/// fills the cache, allocated and promoted through the GC generations. Here the slack is under 512 bytes. Returned
/// buffers are kept per size class up to <see cref="MaxPooledBytes"/> in all, so steady eviction and refill allocates
/// nothing; past that they are left to the GC. Blocks over <see cref="MaxClassBytes"/> use the shared pool. Thread-safe.
/// </remarks>
internal sealed class BlockBufferPool
{
    /// <summary>The pool the block cache and the table readers share, one per process.</summary>
    public static BlockBufferPool Shared { get; } = new();

    /// <summary>The size-class granularity.</summary>
    public const int ClassBytes = 512;

    /// <summary>The largest size class; bigger blocks use <see cref="ArrayPool{T}.Shared"/>.</summary>
    public const int MaxClassBytes = 64 << 10;

    /// <summary>The most bytes kept for reuse across all classes.</summary>
    public const long MaxPooledBytes = 16 << 20;

    private readonly Stack<byte[]>[] _classes = CreateClasses();

    // One lock per size class (a Lock, not the stack's monitor: see docs/profiling.md, "Key-value engine").
    private readonly Lock[] _classLocks = CreateLocks();
    private long _pooledBytes;

    /// <summary>A buffer of at least <paramref name="length"/> bytes; give it back with <see cref="Return"/>.</summary>
    public byte[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > MaxClassBytes)
        {
            return ArrayPool<byte>.Shared.Rent(length);
        }

        int size = Math.Max(ClassBytes, (length + ClassBytes - 1) / ClassBytes * ClassBytes);
        int index = (size / ClassBytes) - 1;
        Stack<byte[]> stack = _classes[index];
        lock (_classLocks[index])
        {
            if (stack.TryPop(out byte[]? pooled))
            {
                Interlocked.Add(ref _pooledBytes, -size);
                return pooled;
            }
        }

        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>
    /// Takes back a buffer from <see cref="Rent"/> (or a power-of-two one from the shared pool); one of any other size is
    /// left to the GC.
    /// </summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        int size = buffer.Length;
        if (size <= MaxClassBytes && size % ClassBytes == 0 && size > 0)
        {
            if (Interlocked.Add(ref _pooledBytes, size) > MaxPooledBytes)
            {
                Interlocked.Add(ref _pooledBytes, -size);
                return;
            }

            int index = (size / ClassBytes) - 1;
            lock (_classLocks[index])
            {
                _classes[index].Push(buffer);
            }
        }
        else if (BitOperations.IsPow2(size) && size >= 16)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Lock[] CreateLocks()
    {
        Lock[] locks = new Lock[MaxClassBytes / ClassBytes];
        for (int i = 0; i < locks.Length; i++)
        {
            locks[i] = new Lock();
        }

        return locks;
    }

    private static Stack<byte[]>[] CreateClasses()
    {
        Stack<byte[]>[] classes = new Stack<byte[]>[MaxClassBytes / ClassBytes];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = new Stack<byte[]>();
        }

        return classes;
    }
}
