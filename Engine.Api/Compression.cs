namespace Engine.Api;

/// <summary>How a store compresses the data blocks of its tables. An enum; thread-safe.</summary>
/// <remarks>
/// Compression applies to tables written after the store opens with the setting; existing tables keep their form, and
/// a store reads tables of either form whatever the setting.
/// </remarks>
public enum Compression
{
    /// <summary>Data blocks are stored as they are. The default.</summary>
    None = 0,

    /// <summary>
    /// Data blocks are LZ4-compressed when that saves at least an eighth of their size: smaller tables for a decode on
    /// every block read.
    /// </summary>
    Lz4 = 1,
}
