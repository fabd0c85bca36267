namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>What a <see cref="SqlToken"/> is.</summary>
internal enum SqlTokenKind
{
    /// <summary>A bare word: a keyword or a name.</summary>
    Word,

    /// <summary>A name in double quotes, backquotes or brackets.</summary>
    QuotedName,

    /// <summary>A string literal in single quotes.</summary>
    String,

    /// <summary>A numeric literal (decimal, real or hexadecimal).</summary>
    Number,

    /// <summary>A blob literal, <c>X'..'</c>.</summary>
    Blob,

    /// <summary>One punctuation character.</summary>
    Symbol,

    /// <summary>The end of the text.</summary>
    End,
}

/// <summary>
/// One token of an SQL statement: <see cref="Text"/> is the unquoted name or string for those kinds, else the text as
/// written; <see cref="Start"/> and <see cref="End"/> give its span in the statement.
/// </summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start, int End)
{
    /// <summary>Whether the token is the bare word <paramref name="word"/> (case-insensitive).</summary>
    public bool Is(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, System.StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the token is the symbol <paramref name="symbol"/>.</summary>
    public bool Is(char symbol) => Kind == SqlTokenKind.Symbol && Text.Length == 1 && Text[0] == symbol;

    /// <summary>Whether the token can be a name: a bare word, a quoted name, or (as SQLite allows) a string literal.</summary>
    public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName or SqlTokenKind.String;
}
