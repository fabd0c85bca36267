using System;
using System.Globalization;
using System.Text;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>One value of an SQLite row: its storage class and its content.</summary>
/// <remarks>
/// Text and blob values are slices of the row's payload, so reading a value copies nothing until <see cref="AsText"/>
/// decodes it. Immutable; thread-safe.
/// </remarks>
public readonly struct SqliteValue
{
    private readonly long _bits;
    private readonly ReadOnlyMemory<byte> _bytes;

    private SqliteValue(SqliteValueKind kind, long bits, ReadOnlyMemory<byte> bytes)
    {
        Kind = kind;
        _bits = bits;
        _bytes = bytes;
    }

    /// <summary>The NULL value (also <c>default</c>).</summary>
    public static SqliteValue Null => default;

    /// <summary>The value's storage class.</summary>
    public SqliteValueKind Kind { get; }

    /// <summary>Whether the value is NULL.</summary>
    public bool IsNull => Kind == SqliteValueKind.Null;

    /// <summary>The integer.</summary>
    /// <exception cref="InvalidOperationException">The value is not an integer.</exception>
    public long AsInteger => Kind == SqliteValueKind.Integer ? _bits : throw WrongKind(SqliteValueKind.Integer);

    /// <summary>The real number.</summary>
    /// <exception cref="InvalidOperationException">The value is not a real number.</exception>
    public double AsReal => Kind == SqliteValueKind.Real ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(SqliteValueKind.Real);

    /// <summary>The text, decoded from UTF-8 (a new string on each call).</summary>
    /// <exception cref="InvalidOperationException">The value is not text.</exception>
    public string AsText => Kind == SqliteValueKind.Text ? Encoding.UTF8.GetString(_bytes.Span) : throw WrongKind(SqliteValueKind.Text);

    /// <summary>The bytes of a blob, or the UTF-8 bytes of a text value, as stored.</summary>
    /// <exception cref="InvalidOperationException">The value is neither a blob nor text.</exception>
    public ReadOnlyMemory<byte> AsBlob => Kind is SqliteValueKind.Blob or SqliteValueKind.Text ? _bytes : throw WrongKind(SqliteValueKind.Blob);

    /// <summary>An integer value.</summary>
    /// <param name="value">The integer.</param>
    public static SqliteValue FromInteger(long value) => new(SqliteValueKind.Integer, value, default);

    /// <summary>A real value.</summary>
    /// <param name="value">The real number.</param>
    public static SqliteValue FromReal(double value) => new(SqliteValueKind.Real, BitConverter.DoubleToInt64Bits(value), default);

    /// <summary>A text value from its UTF-8 bytes (not copied).</summary>
    /// <param name="utf8">The text's UTF-8 bytes.</param>
    public static SqliteValue FromText(ReadOnlyMemory<byte> utf8) => new(SqliteValueKind.Text, 0, utf8);

    /// <summary>A blob value (not copied).</summary>
    /// <param name="bytes">The blob's bytes.</param>
    public static SqliteValue FromBlob(ReadOnlyMemory<byte> bytes) => new(SqliteValueKind.Blob, 0, bytes);

    /// <summary>The value as SQL-ish text, for messages and debugging.</summary>
    public override string ToString() => Kind switch
    {
        SqliteValueKind.Null => "NULL",
        SqliteValueKind.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        SqliteValueKind.Real => AsReal.ToString("R", CultureInfo.InvariantCulture),
        SqliteValueKind.Text => $"'{AsText}'",
        _ => $"X'{Convert.ToHexString(_bytes.Span)}'",
    };

    private InvalidOperationException WrongKind(SqliteValueKind wanted) =>
        new($"the value is {Kind}, not {wanted}");
}
