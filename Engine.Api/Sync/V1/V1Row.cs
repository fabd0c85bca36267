using System;
using System.Globalization;
using System.Text;
using Engine.Api.Sync.V1.Sqlite;

namespace Engine.Api.Sync.V1;

/// <summary>
/// One row of a <see cref="V1Table"/> read as the reference's Go code scans it into its fields: a column index of -1 (a
/// column the table lacks) or NULL gives the field's zero value.
/// </summary>
/// <remarks>Valid while the row's enumeration has not moved on: the values may point into the reader's buffers. One thread.</remarks>
internal readonly struct V1Row
{
    private readonly V1Table _table;
    private readonly SqliteRow _row;

    public V1Row(V1Table table, SqliteRow row)
    {
        _table = table;
        _row = row;
    }

    public long RowId => _row.RowId;

    public bool IsNull(int column) => column < 0 || _row[column].IsNull;

    /// <summary>The value as a string: text as stored, a number in its decimal form, <paramref name="zero"/> when NULL or missing.</summary>
    public string Text(int column, string zero = "")
    {
        if (IsNull(column))
        {
            return zero;
        }

        SqliteValue value = _row[column];
        return value.Kind switch
        {
            SqliteValueKind.Integer => value.AsInteger.ToString(CultureInfo.InvariantCulture),
            SqliteValueKind.Real => value.AsReal.ToString("R", CultureInfo.InvariantCulture),
            _ => Encoding.UTF8.GetString(value.AsBlob.Span),
        };
    }

    /// <summary>The value's bytes, copied (text as its UTF-8 bytes); empty when NULL or missing.</summary>
    /// <exception cref="V1FileException">CorruptDatabase naming the table, row and column: the value is a number.</exception>
    public byte[] Bytes(int column)
    {
        if (IsNull(column))
        {
            return [];
        }

        SqliteValue value = _row[column];
        if (value.Kind is not (SqliteValueKind.Blob or SqliteValueKind.Text))
        {
            throw new V1FileException(
                V1FileProblem.CorruptDatabase,
                _table.FileName,
                $"table {_table.Name} row {RowId} column {_table.Schema.Columns[column].Name}: {value.Kind.ToString().ToLowerInvariant()} value where bytes are expected");
        }

        return value.AsBlob.ToArray();
    }

    /// <summary>An integer flag column: true when not zero; false when NULL or missing (the migrations' default 0).</summary>
    public bool Flag(int column)
    {
        if (IsNull(column))
        {
            return false;
        }

        SqliteValue value = _row[column];
        return value.Kind switch
        {
            SqliteValueKind.Integer => value.AsInteger != 0,
            SqliteValueKind.Real => value.AsReal != 0,
            _ => long.TryParse(Text(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) && number != 0,
        };
    }

    /// <summary>A timestamp column in the reference's wall-clock text, read in <paramref name="zone"/>, as nanoseconds since the Unix epoch.</summary>
    /// <exception cref="V1FileException">CorruptDatabase naming the table, row and column: NULL, missing or not such a timestamp.</exception>
    public long Timestamp(int column, TimeZoneInfo zone)
    {
        string text = IsNull(column) ? "NULL" : Text(column);
        if (IsNull(column) || !V1Timestamp.TryParse(text, zone, out long nanos))
        {
            string name = column < 0 ? "?" : _table.Schema.Columns[column].Name;
            throw new V1FileException(
                V1FileProblem.CorruptDatabase,
                _table.FileName,
                $"table {_table.Name} row {RowId} column {name}: '{text}' is not a timestamp of the form yyyy-MM-dd HH:mm:ss[.fffffffff]");
        }

        return nanos;
    }
}
