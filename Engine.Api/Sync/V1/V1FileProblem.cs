namespace Engine.Api.Sync.V1;

/// <summary>What is wrong with a v1 <c>.c1z</c> file or the SQLite database inside it (<see cref="V1FileException"/>).</summary>
public enum V1FileProblem
{
    /// <summary>The file does not start with the v1 magic <c>"C1ZF\0"</c>.</summary>
    NotC1z,

    /// <summary>The file ends inside the magic, the zstd frame or a database page.</summary>
    Truncated,

    /// <summary>The zstd frame is malformed: a bad header, a reserved block type, an oversized block, or data that does not decode.</summary>
    CorruptFrame,

    /// <summary>The frame decodes, but its content checksum (low 32 bits of XXH64) does not match the decoded bytes.</summary>
    ChecksumMismatch,

    /// <summary>The frame declares or decodes to more bytes than <see cref="V1DecoderLimits.MaxDecodedBytes"/>.</summary>
    TooLarge,

    /// <summary>The frame asks for a window larger than <see cref="V1DecoderLimits.MaxWindowBytes"/>.</summary>
    WindowTooLarge,

    /// <summary>Bytes follow the one zstd frame a v1 file holds.</summary>
    TrailingData,

    /// <summary>The decoded content is not an SQLite database (no <c>"SQLite format 3\0"</c> header).</summary>
    NotSqlite,

    /// <summary>The SQLite database is damaged: a bad page, cell, record or overflow chain.</summary>
    CorruptDatabase,

    /// <summary>The SQLite database uses a feature the read-only reader does not read (UTF-16 text, WITHOUT ROWID tables, an unparsable default).</summary>
    UnsupportedDatabase,

    /// <summary>A table the caller needs is not in the database.</summary>
    MissingTable,

    /// <summary>A column the caller needs is not in its table.</summary>
    MissingColumn,
}
