namespace Engine.Core.Compression;

/// <summary>
/// How a stored block's bytes are encoded. The numeric values are written to disk (the type byte of an SSTable
/// block trailer, docs/format/sstable.md), so they never change and are never reused.
/// </summary>
/// <remarks>An enum; thread-safe.</remarks>
internal enum CompressionType : byte
{
    /// <summary>The block is stored as is.</summary>
    None = 0,

    /// <summary>The block is one LZ4 block (<see cref="Lz4Block"/>), without the LZ4 frame around it.</summary>
    Lz4 = 1,
}
