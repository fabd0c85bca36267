using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// Reads the rowid tables of an SQLite database file without SQLite: the schema, and each table's rows in rowid order.
/// Read-only, and managed only, so a v1 <c>.c1z</c> opens without native code (shared/spec/baton-storage.md, 9.2).
/// </summary>
/// <remarks>
/// Pages are read with positional reads through a small cache, so memory is bounded whatever the file's size; rows are
/// streamed one at a time. Every number taken from the file is checked: a damaged file is a
/// <see cref="V1FileException"/> naming the page, never a wrong row, a skipped row or a loop. The database must not
/// change while it is read. Thread-safe: several <see cref="ReadRows"/> enumerations may run at once.
/// </remarks>
public sealed class SqliteFileReader : IDisposable
{
    /// <summary>The schema table's columns: type, name, tbl_name, rootpage, sql.</summary>
    private const int SchemaColumns = 5;

    private readonly PageSource _pages;
    private readonly List<SqliteTable> _tables = [];
    private readonly Dictionary<string, SqliteTable> _byName = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    private SqliteFileReader(PageSource pages, string path)
    {
        _pages = pages;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The database's rowid tables, in schema order (virtual tables, which hold no rows here, are left out).</summary>
    public IReadOnlyList<SqliteTable> Tables => _tables;

    /// <summary>Opens the database at <paramref name="path"/> and reads its schema.</summary>
    /// <param name="path">The SQLite database file.</param>
    /// <exception cref="V1FileException">
    /// NotSqlite, Truncated, CorruptDatabase (a damaged header or schema), or UnsupportedDatabase (UTF-16 text, a
    /// WITHOUT ROWID table, a generated column).
    /// </exception>
    /// <exception cref="IOException">The file could not be opened or read.</exception>
    public static SqliteFileReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            byte[] header = new byte[SqliteHeader.Length];
            int read = 0;
            int n;
            while (read < header.Length && (n = RandomAccess.Read(handle, header.AsSpan(read), read)) > 0)
            {
                read += n;
            }

            SqliteFileReader reader = new(new PageSource(handle, SqliteHeader.Parse(header.AsSpan(0, read), length, path), path), path);
            reader.LoadSchema();
            return reader;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The table called <paramref name="name"/> (compared case-insensitively, as SQLite does), or null.</summary>
    /// <param name="name">The table's name.</param>
    public SqliteTable? FindTable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetValueOrDefault(name);
    }

    /// <summary>The table called <paramref name="name"/>.</summary>
    /// <param name="name">The table's name.</param>
    /// <exception cref="V1FileException">MissingTable: the database has no such table.</exception>
    public SqliteTable GetTable(string name) =>
        FindTable(name) ?? throw new V1FileException(V1FileProblem.MissingTable, Path, $"the database has no table {name}");

    /// <summary>
    /// The rows of <paramref name="table"/> in rowid order, read as the enumeration advances (one row's payload in memory
    /// at a time, plus what the caller keeps).
    /// </summary>
    /// <param name="table">A table of this reader.</param>
    /// <exception cref="ArgumentException"><paramref name="table"/> belongs to another reader.</exception>
    /// <exception cref="V1FileException">
    /// While enumerating: CorruptDatabase or Truncated for a damaged table; UnsupportedDatabase when a row needs a
    /// column default this reader does not evaluate.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public IEnumerable<SqliteRow> ReadRows(SqliteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!ReferenceEquals(table.Owner, this))
        {
            throw new ArgumentException($"table {table.Name} belongs to another reader ({table.Owner.Path})", nameof(table));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return Rows(table);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _disposed = true;
        _pages.Dispose();
    }

    private IEnumerable<SqliteRow> Rows(SqliteTable table)
    {
        IReadOnlyList<SqliteColumn> columns = table.Columns;
        string tree = $"table {table.Name}";
        foreach (TableCell cell in TableBTree.Scan(_pages, (uint)table.RootPage, tree))
        {
            SqliteValue[] values = new SqliteValue[columns.Count];
            int stored = SqliteRecord.Decode(cell, values, Path, tree);
            for (int i = 0; i < values.Length; i++)
            {
                if (columns[i].IsRowIdAlias)
                {
                    // The record keeps NULL in the alias column; its value is the rowid.
                    values[i] = SqliteValue.FromInteger(cell.RowId);
                }
                else if (i < stored)
                {
                    values[i] = SqliteAffinities.OnRead(values[i], columns[i].Affinity);
                }
                else
                {
                    // Written before the column was added: the row takes the column's default.
                    values[i] = columns[i].DefaultValue;
                }
            }

            yield return new SqliteRow(table, cell.RowId, values);
        }
    }

    private void LoadSchema()
    {
        const string Tree = "sqlite_schema";
        Span<SqliteValue> values = new SqliteValue[SchemaColumns];
        foreach (TableCell cell in TableBTree.Scan(_pages, 1, Tree))
        {
            values.Clear();
            SqliteRecord.Decode(cell, values, Path, Tree);
            if (values[0].Kind != SqliteValueKind.Text || values[0].AsText != "table")
            {
                continue;
            }

            if (values[1].Kind != SqliteValueKind.Text || values[3].Kind != SqliteValueKind.Integer || values[4].Kind != SqliteValueKind.Text)
            {
                throw SchemaCorrupt(cell, "a table entry lacks its name, root page or CREATE TABLE text");
            }

            string name = values[1].AsText;
            long root = values[3].AsInteger;
            if (root == 0)
            {
                // A virtual table: its rows live in its module's own tables, which are listed on their own.
                continue;
            }

            if (root < 2 || root > _pages.PageCount)
            {
                throw SchemaCorrupt(cell, $"table {name} has the root page {root}, outside 2..{_pages.PageCount}");
            }

            string sql = values[4].AsText;
            SqliteTable table = new(this, name, (int)root, sql, CreateTableParser.Parse(sql, name, Path));
            if (!_byName.TryAdd(name, table))
            {
                throw SchemaCorrupt(cell, $"table {name} is listed twice");
            }

            _tables.Add(table);
        }
    }

    private V1FileException SchemaCorrupt(TableCell cell, string detail) =>
        new(V1FileProblem.CorruptDatabase, Path, $"page {cell.Page}: sqlite_schema row {cell.RowId}: {detail}");
}
