namespace Engine.Lsm.Verify;

/// <summary>What a problem found by a store check is about.</summary>
/// <remarks>Mirrored one to one by the public <c>Engine.Api.VerifyProblemKind</c>; keep the two in step.</remarks>
internal enum VerifyProblemKind
{
    /// <summary>A table's bytes fail a checksum or a format check (footer, meta, index or data block).</summary>
    Corruption,

    /// <summary>Keys inside one table are out of order, or an index key does not separate its blocks.</summary>
    KeyOrder,

    /// <summary>The tables of a level are out of order: overlapping in L1 and below, or L0 not newest first.</summary>
    LevelOrder,

    /// <summary>A table's size, key bounds or sequence bounds differ from what the manifest records.</summary>
    MetadataMismatch,

    /// <summary>A lower level holds a newer entry of a key than a level above it.</summary>
    SequenceOrder,

    /// <summary>The manifest lists a table whose file is missing.</summary>
    MissingFile,

    /// <summary>A table could not be read for a reason other than damage: an I/O failure or a newer format.</summary>
    Unreadable,
}
