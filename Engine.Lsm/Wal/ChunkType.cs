namespace Engine.Lsm.Wal;

/// <summary>The type byte of a log chunk: which part of a record the chunk carries.</summary>
/// <remarks>The numeric values are part of the log format (docs/format/wal.md): never renumber.</remarks>
internal enum ChunkType : byte
{
    /// <summary>Never written: a zero type byte means unwritten, zero-filled space.</summary>
    Zero = 0,

    /// <summary>The whole record.</summary>
    Full = 1,

    /// <summary>The first part of a record that spans chunks.</summary>
    First = 2,

    /// <summary>A part of a record that is neither its first nor its last.</summary>
    Middle = 3,

    /// <summary>The last part of a record that spans chunks.</summary>
    Last = 4,
}
