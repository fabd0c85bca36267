using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// Reads the columns of a table from its <c>CREATE TABLE</c> text: names, declared types, <c>DEFAULT</c> literals and
/// the rowid alias. Column and table constraints are otherwise skipped.
/// </summary>
/// <remarks>
/// <code>
/// CREATE [TEMP|TEMPORARY] TABLE [IF NOT EXISTS] [schema.]name ( column-def, ... [, table-constraint, ...] ) [options]
/// column-def := name [type-name [( number [, number] )]] column-constraint*
/// </code>
/// The rowid alias follows SQLite: a column whose declared type is exactly <c>INTEGER</c> and which is the whole
/// primary key, declared on the column (not <c>DESC</c>) or as a one-column <c>PRIMARY KEY(...)</c> table constraint.
/// Stateless; thread-safe.
/// </remarks>
internal static class CreateTableParser
{
    private static readonly HashSet<string> s_columnConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
    };

    private static readonly HashSet<string> s_tableConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN",
    };

    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The columns of table <paramref name="table"/> declared by <paramref name="sql"/>.</summary>
    /// <exception cref="V1FileException">
    /// CorruptDatabase: the text does not parse. UnsupportedDatabase: a WITHOUT ROWID table or a generated column.
    /// </exception>
    public static List<SqliteColumn> Parse(string sql, string table, string path)
    {
        SqlCursor c = new(SqlTokenizer.Tokenize(sql) ?? throw Malformed(path, table, "a quote or comment is not closed"), path, table);
        c.Expect("CREATE");
        if (c.Peek.Is("TEMP") || c.Peek.Is("TEMPORARY"))
        {
            c.Next();
        }

        c.Expect("TABLE");
        if (c.Peek.Is("IF"))
        {
            c.Next();
            c.Expect("NOT");
            c.Expect("EXISTS");
        }

        c.Name();
        if (c.Peek.Is('.'))
        {
            c.Next();
            c.Name();
        }

        c.Expect('(');
        List<ColumnDraft> drafts = [];
        string? tablePrimaryKey = null;
        bool constraints = false;
        while (true)
        {
            if (c.Peek.Kind == SqlTokenKind.Word && s_tableConstraintWords.Contains(c.Peek.Text))
            {
                constraints = true;
                tablePrimaryKey = TableConstraint(c) ?? tablePrimaryKey;
            }
            else if (constraints)
            {
                throw Malformed(path, table, $"a column definition follows a table constraint at offset {c.Peek.Start}");
            }
            else
            {
                drafts.Add(Column(c, sql, path, table));
            }

            SqlToken separator = c.Next();
            if (separator.Is(')'))
            {
                break;
            }

            if (!separator.Is(','))
            {
                throw Malformed(path, table, $"expected ',' or ')' at offset {separator.Start}, found '{separator.Text}'");
            }
        }

        Options(c, path, table);
        return Build(drafts, tablePrimaryKey, path, table);
    }

    private static ColumnDraft Column(SqlCursor c, string sql, string path, string table)
    {
        ColumnDraft draft = new(c.Name().Text);
        int typeStart = -1;
        int typeEnd = -1;
        while (c.Peek.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedName && !s_columnConstraintWords.Contains(c.Peek.Text))
        {
            SqlToken word = c.Next();
            typeStart = typeStart < 0 ? word.Start : typeStart;
            typeEnd = word.End;
        }

        if (typeStart >= 0 && c.Peek.Is('('))
        {
            typeEnd = c.SkipParenthesized().End;
        }

        draft.DeclaredType = typeStart < 0 ? string.Empty : sql[typeStart..typeEnd];
        SqlToken previous = default;
        while (!c.Peek.Is(',') && !c.Peek.Is(')') && c.Peek.Kind != SqlTokenKind.End)
        {
            SqlToken token = c.Peek.Is('(') ? c.SkipParenthesized() : c.Next();
            if (token.Is("PRIMARY") && c.Peek.Is("KEY"))
            {
                c.Next();
                draft.PrimaryKey = true;
                draft.PrimaryKeyDescending = c.Peek.Is("DESC");
            }
            else if (token.Is("DEFAULT") && !previous.Is("SET"))
            {
                // "ON DELETE SET DEFAULT" in a foreign key is an action, not a default.
                Default(c, sql, draft, path, table);
            }
            else if (token.Is("AS") || token.Is("GENERATED"))
            {
                throw new V1FileException(V1FileProblem.UnsupportedDatabase, path, $"column {draft.Name} of table {table} is generated; this reader reads stored columns only");
            }

            previous = token;
        }

        return draft;
    }

    private static void Default(SqlCursor c, string sql, ColumnDraft draft, string path, string table)
    {
        SqlToken first = c.Peek;
        SqlToken last = first.Is('(') ? c.SkipParenthesized() : c.Next();
        bool negative = false;
        SqlToken literal = last;
        if ((first.Is('-') || first.Is('+')) && c.Peek.Kind == SqlTokenKind.Number)
        {
            negative = first.Is('-');
            literal = last = c.Next();
        }

        draft.DefaultExpression = sql[first.Start..last.End];
        SqliteValue? value = literal.Kind switch
        {
            SqlTokenKind.Number => Number(literal.Text, negative),
            SqlTokenKind.String => SqliteValue.FromText(Encoding.UTF8.GetBytes(literal.Text)),
            SqlTokenKind.Blob when IsHex(literal.Text) => SqliteValue.FromBlob(Convert.FromHexString(literal.Text)),
            SqlTokenKind.Word when literal.Is("NULL") => SqliteValue.Null,
            SqlTokenKind.Word when literal.Is("TRUE") => SqliteValue.FromInteger(1),
            SqlTokenKind.Word when literal.Is("FALSE") => SqliteValue.FromInteger(0),
            _ => null,
        };
        if (value is SqliteValue v)
        {
            draft.DefaultValue = v;
        }
        else
        {
            draft.DefaultError = Unsupported(path, table, draft);
        }
    }

    /// <summary>A numeric literal as SQLite reads it: an integer when it fits 64 bits, else a real.</summary>
    private static SqliteValue? Number(string text, bool negative)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // Hexadecimal literals are 64-bit two's complement; more than 16 digits is an error in SQLite.
            return text.Length <= 18 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex)
                ? SqliteValue.FromInteger(negative ? unchecked(-(long)hex) : unchecked((long)hex))
                : null;
        }

        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong integer))
        {
            if (integer <= long.MaxValue)
            {
                return SqliteValue.FromInteger(negative ? -(long)integer : (long)integer);
            }

            if (negative && integer == 1UL << 63)
            {
                return SqliteValue.FromInteger(long.MinValue);
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real)
            ? SqliteValue.FromReal(negative ? -real : real)
            : null;
    }

    private static bool IsHex(string text) => text.Length % 2 == 0 && !text.AsSpan().ContainsAnyExcept(s_hexDigits);

    /// <summary>Skips one table constraint; returns the column of a one-column <c>PRIMARY KEY(...)</c>, else null.</summary>
    private static string? TableConstraint(SqlCursor c)
    {
        if (c.Peek.Is("CONSTRAINT"))
        {
            c.Next();
            c.Name();
        }

        string? primaryKey = null;
        if (c.Peek.Is("PRIMARY"))
        {
            c.Next();
            c.Expect("KEY");
            c.Expect('(');
            List<string> columns = [];
            while (true)
            {
                columns.Add(c.Name().Text);
                while (!c.Peek.Is(',') && !c.Peek.Is(')') && c.Peek.Kind != SqlTokenKind.End)
                {
                    _ = c.Peek.Is('(') ? c.SkipParenthesized() : c.Next();
                }

                if (c.Next().Is(')'))
                {
                    break;
                }
            }

            primaryKey = columns.Count == 1 ? columns[0] : null;
        }

        while (!c.Peek.Is(',') && !c.Peek.Is(')') && c.Peek.Kind != SqlTokenKind.End)
        {
            _ = c.Peek.Is('(') ? c.SkipParenthesized() : c.Next();
        }

        return primaryKey;
    }

    private static void Options(SqlCursor c, string path, string table)
    {
        while (c.Peek.Kind != SqlTokenKind.End && !c.Peek.Is(';'))
        {
            SqlToken option = c.Next();
            if (option.Is("WITHOUT"))
            {
                throw new V1FileException(V1FileProblem.UnsupportedDatabase, path, $"table {table} is a WITHOUT ROWID table; this reader reads rowid tables only");
            }

            if (!option.Is("STRICT") && !option.Is(','))
            {
                throw Malformed(path, table, $"unexpected '{option.Text}' after the column list at offset {option.Start}");
            }
        }
    }

    private static List<SqliteColumn> Build(List<ColumnDraft> drafts, string? tablePrimaryKey, string path, string table)
    {
        int alias = -1;
        int primaryKeys = 0;
        for (int i = 0; i < drafts.Count; i++)
        {
            ColumnDraft draft = drafts[i];
            bool isKey = tablePrimaryKey is null ? draft.PrimaryKey : string.Equals(draft.Name, tablePrimaryKey, StringComparison.OrdinalIgnoreCase);
            primaryKeys += draft.PrimaryKey ? 1 : 0;
            bool descending = tablePrimaryKey is null && draft.PrimaryKeyDescending;
            if (isKey && !descending && alias < 0 && string.Equals(draft.DeclaredType, "INTEGER", StringComparison.OrdinalIgnoreCase))
            {
                alias = i;
            }
        }

        // Two primary keys make SQLite reject the table; with no single key there is no alias.
        if (primaryKeys > 1 || (tablePrimaryKey is not null && primaryKeys > 0))
        {
            alias = -1;
        }

        List<SqliteColumn> columns = new(drafts.Count);
        for (int i = 0; i < drafts.Count; i++)
        {
            ColumnDraft d = drafts[i];
            SqliteValue defaultValue = d.DefaultValue;
            V1FileException? defaultError = d.DefaultError;
            if (defaultError is null)
            {
                // A default is a bare literal; a row that takes it gets it converted as a stored value would be.
                if (SqliteAffinities.Convert(d.DefaultValue, SqliteAffinities.Of(d.DeclaredType)) is SqliteValue converted)
                {
                    defaultValue = converted;
                }
                else
                {
                    defaultError = Unsupported(path, table, d);
                }
            }

            columns.Add(new SqliteColumn(d.Name, d.DeclaredType, d.DefaultExpression, defaultValue, defaultError, i == alias));
        }

        return columns;
    }

    private static V1FileException Unsupported(string path, string table, ColumnDraft draft) =>
        new(V1FileProblem.UnsupportedDatabase, path,
            $"column {draft.Name} of table {table} has the default {draft.DefaultExpression}, which this reader does not evaluate (it reads literals only)");

    private static V1FileException Malformed(string path, string table, string detail) =>
        new(V1FileProblem.CorruptDatabase, path, $"the CREATE TABLE text of table {table} does not parse: {detail}");

    /// <summary>A column as parsed, before the rowid alias is known.</summary>
    private sealed class ColumnDraft(string name)
    {
        public string Name { get; } = name;

        public string DeclaredType { get; set; } = string.Empty;

        public bool PrimaryKey { get; set; }

        public bool PrimaryKeyDescending { get; set; }

        public string? DefaultExpression { get; set; }

        public SqliteValue DefaultValue { get; set; }

        public V1FileException? DefaultError { get; set; }
    }

    /// <summary>A position in a token list, with the checks the parser needs.</summary>
    private sealed class SqlCursor(List<SqlToken> tokens, string path, string table)
    {
        private int _at;

        public SqlToken Peek => tokens[_at];

        public SqlToken Next()
        {
            SqlToken token = tokens[_at];
            if (token.Kind != SqlTokenKind.End)
            {
                _at++;
            }

            return token;
        }

        public void Expect(string word)
        {
            SqlToken token = Next();
            if (!token.Is(word))
            {
                throw Malformed(path, table, $"expected {word} at offset {token.Start}, found '{token.Text}'");
            }
        }

        public void Expect(char symbol)
        {
            SqlToken token = Next();
            if (!token.Is(symbol))
            {
                throw Malformed(path, table, $"expected '{symbol}' at offset {token.Start}, found '{token.Text}'");
            }
        }

        public SqlToken Name()
        {
            SqlToken token = Next();
            return token.IsName ? token : throw Malformed(path, table, $"expected a name at offset {token.Start}, found '{token.Text}'");
        }

        /// <summary>Skips a parenthesized group (the cursor is at its '('); returns its closing ')'.</summary>
        public SqlToken SkipParenthesized()
        {
            int depth = 0;
            while (true)
            {
                SqlToken token = Next();
                if (token.Kind == SqlTokenKind.End)
                {
                    throw Malformed(path, table, "a parenthesis is not closed");
                }

                depth += token.Is('(') ? 1 : token.Is(')') ? -1 : 0;
                if (depth == 0)
                {
                    return token;
                }
            }
        }
    }
}
