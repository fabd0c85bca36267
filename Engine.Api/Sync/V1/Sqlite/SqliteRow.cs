using System;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// One row of an <see cref="SqliteTable"/>: its rowid and one value per column of the table. The rowid alias column
/// holds the rowid; columns the stored record lacks (added after the row was written) hold their default.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class SqliteRow
{
    private readonly SqliteTable _table;
    private readonly SqliteValue[] _values;

    internal SqliteRow(SqliteTable table, long rowId, SqliteValue[] values)
    {
        _table = table;
        RowId = rowId;
        _values = values;
    }

    /// <summary>The row's rowid.</summary>
    public long RowId { get; }

    /// <summary>The number of values: the table's column count.</summary>
    public int Count => _values.Length;

    /// <summary>The value of the column at <paramref name="column"/>.</summary>
    /// <param name="column">The column's position in <see cref="SqliteTable.Columns"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is not a column position.</exception>
    public SqliteValue this[int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _values.Length);
            return _values[column];
        }
    }

    /// <summary>The value of the column called <paramref name="column"/> (compared case-insensitively).</summary>
    /// <param name="column">The column's name.</param>
    /// <exception cref="V1FileException">MissingColumn: the table has no such column.</exception>
    public SqliteValue this[string column]
    {
        get
        {
            int index = _table.ColumnIndex(column);
            if (index < 0)
            {
                throw new V1FileException(V1FileProblem.MissingColumn, _table.Owner.Path, $"table {_table.Name} has no column {column}");
            }

            return _values[index];
        }
    }
}
