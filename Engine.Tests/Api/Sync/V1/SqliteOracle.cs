using Engine.Api.Sync.V1.Sqlite;
using Microsoft.Data.Sqlite;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>
/// Builds SQLite databases with Microsoft.Data.Sqlite and checks that <see cref="SqliteFileReader"/> reads exactly what
/// SQLite itself reads from them: the same tables and columns, the same rows in the same order, every value of the
/// same storage class with the same bytes.
/// </summary>
internal static class SqliteOracle
{
    /// <summary>
    /// A connection with pooling off, so that closing it releases the file before the test reads or damages it, and
    /// foreign keys off, so that a schema may declare references its rows do not keep.
    /// </summary>
    public static SqliteConnection Connect(string path, bool readOnly = false)
    {
        SqliteConnection connection = new($"Data Source={path};Pooling=False;Foreign Keys=False{(readOnly ? ";Mode=ReadOnly" : string.Empty)}");
        connection.Open();
        return connection;
    }

    /// <summary>Creates the database at <paramref name="path"/> with <paramref name="pageSize"/> and runs <paramref name="build"/> on it.</summary>
    public static string Create(string path, int pageSize, Action<SqliteConnection> build)
    {
        using (SqliteConnection connection = Connect(path))
        {
            Execute(connection, $"PRAGMA page_size = {pageSize}");
            build(connection);
        }

        return path;
    }

    /// <summary>Runs <paramref name="sql"/> with <paramref name="args"/> bound to <c>$1</c>, <c>$2</c>, ...</summary>
    public static void Execute(SqliteConnection connection, string sql, params object?[] args)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue($"${i + 1}", args[i] ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> and returns its one value.</summary>
    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Checks every table and row of the database at <paramref name="path"/>; returns the rows compared.</summary>
    public static long AssertSameAsSqlite(string path)
    {
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        using SqliteConnection connection = Connect(path, readOnly: true);
        List<string> names = [];
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY rowid";
            using SqliteDataReader tables = command.ExecuteReader();
            while (tables.Read())
            {
                names.Add(tables.GetString(0));
            }
        }

        Assert.Equal(names, reader.Tables.Select(t => t.Name));
        long rows = 0;
        foreach (SqliteTable table in reader.Tables)
        {
            AssertSameColumns(connection, table);
            rows += AssertSameRows(reader, connection, table);
        }

        return rows;
    }

    /// <summary>Checks the columns the reader parsed against <c>PRAGMA table_info</c>.</summary>
    public static void AssertSameColumns(SqliteConnection connection, SqliteTable table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info(\"{table.Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\")";
        using SqliteDataReader info = command.ExecuteReader();
        int i = 0;
        while (info.Read())
        {
            SqliteColumn column = table.Columns[i++];
            Assert.Equal(info.GetString(1), column.Name);
            // table_info spells the standard type names in capitals; the reader keeps the text as written.
            Assert.Equal(info.GetString(2), column.DeclaredType, ignoreCase: true);
            Assert.Equal(info.IsDBNull(4) ? null : info.GetString(4), column.DefaultExpression);
        }

        Assert.Equal(i, table.Columns.Count);
    }

    /// <summary>Checks every row of <paramref name="table"/>, column by column by name, rowid included; returns the row count.</summary>
    public static long AssertSameRows(SqliteFileReader reader, SqliteConnection connection, SqliteTable table)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT _rowid_, * FROM \"{table.Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ORDER BY _rowid_";
        using SqliteDataReader expected = command.ExecuteReader();
        using IEnumerator<SqliteRow> actual = reader.ReadRows(table).GetEnumerator();
        long count = 0;
        while (expected.Read())
        {
            Assert.True(actual.MoveNext(), $"{table.Name}: the reader ends after {count} rows");
            SqliteRow row = actual.Current;
            long rowId = expected.GetInt64(0);
            Assert.Equal(rowId, row.RowId);
            Assert.Equal(expected.FieldCount - 1, row.Count);
            for (int i = 1; i < expected.FieldCount; i++)
            {
                AssertSameValue(expected, i, row[expected.GetName(i)], $"{table.Name} rowid {rowId} column {expected.GetName(i)}");
            }

            count++;
        }

        Assert.False(actual.MoveNext(), $"{table.Name}: the reader has more than SQLite's {count} rows");
        return count;
    }

    private static void AssertSameValue(SqliteDataReader expected, int ordinal, SqliteValue actual, string where)
    {
        if (expected.IsDBNull(ordinal))
        {
            Assert.True(actual.IsNull, $"{where}: expected NULL, read {actual}");
            return;
        }

        Type type = expected.GetFieldType(ordinal);
        if (type == typeof(long))
        {
            Assert.True(actual.Kind == SqliteValueKind.Integer && actual.AsInteger == expected.GetInt64(ordinal), $"{where}: expected {expected.GetInt64(ordinal)}, read {actual}");
        }
        else if (type == typeof(double))
        {
            Assert.True(
                actual.Kind == SqliteValueKind.Real && BitConverter.DoubleToInt64Bits(actual.AsReal) == BitConverter.DoubleToInt64Bits(expected.GetDouble(ordinal)),
                $"{where}: expected {expected.GetDouble(ordinal)}, read {actual}");
        }
        else
        {
            SqliteValueKind kind = type == typeof(string) ? SqliteValueKind.Text : SqliteValueKind.Blob;
            byte[] bytes = expected.GetFieldValue<byte[]>(ordinal);
            Assert.True(actual.Kind == kind, $"{where}: expected {kind}, read {actual.Kind}");
            Assert.True(bytes.AsSpan().SequenceEqual(actual.AsBlob.Span), $"{where}: {kind} of {bytes.Length} bytes differs (read {actual.AsBlob.Length} bytes)");
        }
    }
}
