using System;

namespace Engine.Lsm.Cache;

/// <summary>
/// Names one decoded data block in the <see cref="BlockCache"/>: the table's file number and the block's offset in
/// the file.
/// </summary>
/// <remarks>
/// Keyed by file number rather than by reader, so that a table the <see cref="TableCache"/> closes and reopens finds its
/// blocks again; file numbers are never reused within a store, and tables are immutable. Immutable; thread-safe.
/// </remarks>
internal readonly struct BlockCacheKey : IEquatable<BlockCacheKey>
{
    public BlockCacheKey(ulong fileNumber, long offset)
    {
        FileNumber = fileNumber;
        Offset = offset;
    }

    /// <summary>The table's file number.</summary>
    public ulong FileNumber { get; }

    /// <summary>The offset of the block's stored bytes in the table.</summary>
    public long Offset { get; }

    /// <summary>
    /// A well-mixed 64-bit hash (a multiply-xorshift finalizer): its high bits pick the shard, its low bits the bucket
    /// inside the shard's dictionary, so the two choices stay independent.
    /// </summary>
    public ulong Hash
    {
        get
        {
            ulong h = (FileNumber * 0x9E3779B97F4A7C15UL) ^ (ulong)Offset;
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53UL;
            h ^= h >> 33;
            return h;
        }
    }

    public bool Equals(BlockCacheKey other) => FileNumber == other.FileNumber && Offset == other.Offset;

    public override bool Equals(object? obj) => obj is BlockCacheKey other && Equals(other);

    public override int GetHashCode() => (int)Hash;

    public override string ToString() => $"#{FileNumber}@{Offset}";

    public static bool operator ==(BlockCacheKey left, BlockCacheKey right) => left.Equals(right);

    public static bool operator !=(BlockCacheKey left, BlockCacheKey right) => !left.Equals(right);
}
