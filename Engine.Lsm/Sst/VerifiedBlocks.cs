using System.Threading;

namespace Engine.Lsm.Sst;

/// <summary>
/// The data blocks of one open table whose checksum and structure have been checked, one bit per block ordinal, so a
/// hot block is hashed once per open table.
/// </summary>
/// <remarks>
/// Thread-safe: bits are set with <see cref="Interlocked.Or(ref ulong, ulong)"/> and read with a volatile load. A bit is
/// never cleared; two threads that check the same block at once both do the work and both set the bit.
/// </remarks>
internal sealed class VerifiedBlocks
{
    private readonly ulong[] _bits;

    public VerifiedBlocks(int blockCount) => _bits = new ulong[(blockCount + 63) >> 6];

    /// <summary>True when block <paramref name="ordinal"/> has been checked.</summary>
    public bool Contains(int ordinal) => (Volatile.Read(ref _bits[ordinal >> 6]) & (1UL << (ordinal & 63))) != 0;

    /// <summary>Records that block <paramref name="ordinal"/> passed its checks.</summary>
    public void Add(int ordinal) => Interlocked.Or(ref _bits[ordinal >> 6], 1UL << (ordinal & 63));
}
