namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>One column of an SQLite table, as its <c>CREATE TABLE</c> text declares it.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed class SqliteColumn
{
    private readonly SqliteValue _defaultValue;
    private readonly V1FileException? _defaultError;

    internal SqliteColumn(string name, string declaredType, string? defaultExpression, SqliteValue defaultValue, V1FileException? defaultError, bool isRowIdAlias)
    {
        Name = name;
        DeclaredType = declaredType;
        DefaultExpression = defaultExpression;
        _defaultValue = defaultValue;
        _defaultError = defaultError;
        IsRowIdAlias = isRowIdAlias;
        Affinity = SqliteAffinities.Of(declaredType);
    }

    /// <summary>The column's name, unquoted.</summary>
    public string Name { get; }

    /// <summary>The declared type as written (for example <c>text</c> or <c>VARCHAR(255)</c>); empty when none is declared.</summary>
    public string DeclaredType { get; }

    /// <summary>The text of the <c>DEFAULT</c> clause's value as written, or null when the column has none.</summary>
    public string? DefaultExpression { get; }

    /// <summary>
    /// The value a row written before the column was added (<c>ALTER TABLE ADD COLUMN</c>) has in it: the
    /// <c>DEFAULT</c> literal, or NULL when there is none.
    /// </summary>
    /// <exception cref="V1FileException">UnsupportedDatabase: the default is an expression this reader does not evaluate.</exception>
    public SqliteValue DefaultValue => _defaultError is null ? _defaultValue : throw _defaultError;

    /// <summary>Whether the column is the table's rowid under another name (<c>INTEGER PRIMARY KEY</c>).</summary>
    public bool IsRowIdAlias { get; }

    /// <summary>The type affinity the declared type gives the column.</summary>
    internal SqliteAffinity Affinity { get; }

    /// <inheritdoc/>
    public override string ToString() => string.IsNullOrEmpty(DeclaredType) ? Name : string.Concat(Name, " ", DeclaredType);
}
