// Declared in Engine.Api although the file lives in Engine.Lsm/Verify, a deliberate exception to folder = namespace:
// the engine's store check builds the report and the public Database returns it as is, so the report has one
// definition and a kind of problem the engine adds cannot be missing from the public surface.
namespace Engine.Api;

/// <summary>What a problem reported by <c>Database.Verify</c> is about.</summary>
public enum VerifyProblemKind
{
    /// <summary>
    /// A table's bytes fail a checksum or a format check (footer, meta, index or data block), or a WAL record fails its
    /// checksum or framing (the offset names the record).
    /// </summary>
    Corruption,

    /// <summary>Keys inside one table are out of order, or an index key does not separate its blocks.</summary>
    KeyOrder,

    /// <summary>The tables of a level are out of order: overlapping in L1 and below, or L0 not newest first.</summary>
    LevelOrder,

    /// <summary>A table's size, key bounds or sequence bounds differ from what the manifest records.</summary>
    MetadataMismatch,

    /// <summary>A lower level holds a newer entry of a key than a level above it, which reads would never see.</summary>
    SequenceOrder,

    /// <summary>The manifest lists a table whose file is missing.</summary>
    MissingFile,

    /// <summary>A table could not be read for a reason other than damage: an I/O failure or a newer format.</summary>
    Unreadable,
}
