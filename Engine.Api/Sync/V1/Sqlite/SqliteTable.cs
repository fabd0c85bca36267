using System;
using System.Collections.Generic;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>One rowid table of an SQLite database: its name, root page, <c>CREATE TABLE</c> text and columns.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class SqliteTable
{
    private readonly Dictionary<string, int> _columnIndexes;

    internal SqliteTable(SqliteFileReader owner, string name, int rootPage, string sql, IReadOnlyList<SqliteColumn> columns)
    {
        Owner = owner;
        Name = name;
        RootPage = rootPage;
        Sql = sql;
        Columns = columns;
        _columnIndexes = new Dictionary<string, int>(columns.Count, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < columns.Count; i++)
        {
            // The first of two same-named columns wins, as in SQLite (which rejects such a table anyway).
            _columnIndexes.TryAdd(columns[i].Name, i);
        }
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>The page number of the root of the table's b-tree.</summary>
    public int RootPage { get; }

    /// <summary>The <c>CREATE TABLE</c> statement as stored in the schema (with any added columns).</summary>
    public string Sql { get; }

    /// <summary>The columns, in declaration order (added columns last).</summary>
    public IReadOnlyList<SqliteColumn> Columns { get; }

    /// <summary>The reader the table belongs to.</summary>
    internal SqliteFileReader Owner { get; }

    /// <summary>The position of the column called <paramref name="name"/> (compared case-insensitively, as SQLite does), or -1.</summary>
    /// <param name="name">The column's name.</param>
    public int ColumnIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _columnIndexes.TryGetValue(name, out int index) ? index : -1;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
