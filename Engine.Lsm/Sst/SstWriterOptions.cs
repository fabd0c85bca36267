using System;
using Engine.Api;
using Engine.Core.Compression;
using Engine.Core.Errors;
using Engine.Lsm.Options;

namespace Engine.Lsm.Sst;

/// <summary>The settings of one table write: block size, restart interval, bloom bits per key and data block compression.</summary>
/// <remarks>Immutable; thread-safe. Defaults come from <see cref="Defaults"/>; <see cref="Validate"/> names the first bad property.</remarks>
internal sealed record SstWriterOptions
{
    public static readonly SstWriterOptions Default = new();

    /// <summary>Target size of a data block's contents, in bytes; a block is cut once it reaches this size.</summary>
    public int BlockSizeBytes { get; init; } = Defaults.BlockSizeBytes;

    /// <summary>Entries between restart points in data blocks (index and meta blocks always use 1).</summary>
    public int BlockRestartInterval { get; init; } = Defaults.BlockRestartInterval;

    /// <summary>Bloom filter bits per user key; 0 writes no filter block.</summary>
    public int BloomBitsPerKey { get; init; } = Defaults.BloomBitsPerKey;

    /// <summary>How data blocks are compressed; a block that does not shrink by an eighth is stored raw regardless.</summary>
    public CompressionType Compression { get; init; } = Defaults.Compression;

    /// <summary>The table settings of a store's options.</summary>
    public static SstWriterOptions From(LsmOptions options) => new()
    {
        BlockSizeBytes = options.BlockSizeBytes,
        BlockRestartInterval = options.BlockRestartInterval,
        BloomBitsPerKey = options.BloomBitsPerKey,
        Compression = options.Compression,
    };

    /// <summary>Throws <see cref="StorageException"/> (InvalidArgument) naming the first property out of range.</summary>
    public void Validate()
    {
        // Tests use blocks smaller than LsmOptions allows, to cross block boundaries with few entries.
        if (BlockSizeBytes is < 1 or > 1 << 20)
        {
            ThrowHelper.ThrowInvalidArgument($"Option {nameof(BlockSizeBytes)} must be between 1 B and 1 MiB.");
        }

        if (BlockRestartInterval is < 1 or > 1024)
        {
            ThrowHelper.ThrowInvalidArgument($"Option {nameof(BlockRestartInterval)} must be between 1 and 1024.");
        }

        if (BloomBitsPerKey is < 0 or > 32)
        {
            ThrowHelper.ThrowInvalidArgument($"Option {nameof(BloomBitsPerKey)} must be between 0 and 32.");
        }

        if (!Enum.IsDefined(Compression))
        {
            ThrowHelper.ThrowInvalidArgument($"Option {nameof(Compression)} must be a defined compression type.");
        }
    }
}
