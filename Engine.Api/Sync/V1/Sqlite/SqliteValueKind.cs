using System.Diagnostics.CodeAnalysis;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>The storage class of a value read from an SQLite record.</summary>
public enum SqliteValueKind
{
    /// <summary>SQL NULL.</summary>
    Null = 0,

    /// <summary>A signed 64-bit integer.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "SQLite's own name for the storage class.")]
    Integer,

    /// <summary>An IEEE 754 double.</summary>
    Real,

    /// <summary>Text, stored as UTF-8 bytes.</summary>
    Text,

    /// <summary>Bytes.</summary>
    Blob,
}
