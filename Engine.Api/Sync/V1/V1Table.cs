using Engine.Api.Sync.V1.Sqlite;

namespace Engine.Api.Sync.V1;

/// <summary>A table of a v1 database as the importer reads it: its columns found by name, a missing one reported by name.</summary>
/// <remarks>Immutable; one thread.</remarks>
internal sealed class V1Table
{
    public V1Table(SqliteTable schema, string fileName)
    {
        Schema = schema;
        FileName = fileName;
    }

    public SqliteTable Schema { get; }

    /// <summary>The name errors give the file.</summary>
    public string FileName { get; }

    public string Name => Schema.Name;

    /// <summary>The index of column <paramref name="column"/>; a <see cref="V1FileException"/> (MissingColumn) when the table lacks it.</summary>
    public int Require(string column)
    {
        int index = Schema.ColumnIndex(column);
        if (index < 0)
        {
            throw new V1FileException(V1FileProblem.MissingColumn, FileName, $"table {Name} has no column {column}");
        }

        return index;
    }

    /// <summary>The index of a column a migration adds, or -1 when the table lacks it (every read then gives the migration's default).</summary>
    public int Optional(string column) => Schema.ColumnIndex(column);
}
