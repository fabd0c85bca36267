namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// A column's type affinity, derived from its declared type by SQLite's rules (section 3.1 of its datatype document),
/// and the conversions a read needs from it.
/// </summary>
/// <remarks>
/// Values are stored with their affinity already applied, with one exception a reader must undo: a REAL column stores
/// an integral value as an integer, and SQLite turns it back into a real when it reads it. A column default is an
/// unconverted literal, so it gets the whole conversion. Stateless; thread-safe.
/// </remarks>
internal enum SqliteAffinity
{
    /// <summary>No conversion (declared type contains BLOB, or there is none).</summary>
    Blob,

    /// <summary>Numbers become text.</summary>
    Text,

    /// <summary>Numeric text becomes a number; integral reals become integers.</summary>
    Numeric,

    /// <summary>As <see cref="Numeric"/> (declared type contains INT).</summary>
    Integer,

    /// <summary>Numbers become reals.</summary>
    Real,
}
