using System.Collections.Generic;

namespace Engine.Lsm.Manifest;

/// <summary>The change from one version to the next: tables added and removed, and the store's counters.</summary>
/// <remarks>
/// Encoded as one manifest record by <see cref="VersionEditCodec"/> (layout in docs/format/manifest.md).
/// Built by one thread, then read-only.
/// </remarks>
internal sealed class VersionEdit
{
    /// <summary>WALs numbered below this are flushed; null when unchanged.</summary>
    public ulong? LogNumber { get; set; }

    /// <summary>Every file number in use is below this; null when unchanged.</summary>
    public ulong? NextFileNumber { get; set; }

    /// <summary>The largest sequence number in any table; null when unchanged.</summary>
    public ulong? LastSequence { get; set; }

    /// <summary>The manifest format version; set in the first record of every manifest.</summary>
    public int? FormatVersion { get; set; }

    /// <summary>Tables removed: (level, file number).</summary>
    public List<(int Level, ulong Number)> DeletedFiles { get; } = [];

    /// <summary>Tables added: (level, metadata).</summary>
    public List<(int Level, FileMetadata File)> NewFiles { get; } = [];
}
