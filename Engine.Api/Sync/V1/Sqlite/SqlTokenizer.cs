using System;
using System.Collections.Generic;
using System.Text;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>Splits the SQL text of a schema entry into tokens, following SQLite's tokenizer for the cases a <c>CREATE TABLE</c> uses.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SqlTokenizer
{
    /// <summary>The tokens of <paramref name="sql"/>, ending with one <see cref="SqlTokenKind.End"/>; null when a quote or comment is not closed.</summary>
    public static List<SqlToken>? Tokenize(string sql)
    {
        List<SqlToken> tokens = [];
        int i = 0;
        while (true)
        {
            i = SkipSpaceAndComments(sql, i);
            if (i < 0)
            {
                return null;
            }

            if (i >= sql.Length)
            {
                tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, sql.Length, sql.Length));
                return tokens;
            }

            SqlToken? token = Next(sql, i);
            if (token is not SqlToken t)
            {
                return null;
            }

            tokens.Add(t);
            i = t.End;
        }
    }

    /// <summary>The index of the next token, past spaces and comments; -1 for an unclosed block comment.</summary>
    private static int SkipSpaceAndComments(string sql, int i)
    {
        while (i < sql.Length)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                int end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                int end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                i = end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static SqlToken? Next(string sql, int i)
    {
        char c = sql[i];
        switch (c)
        {
            case '\'':
                return Quoted(sql, i, '\'', SqlTokenKind.String);
            case '"':
                return Quoted(sql, i, '"', SqlTokenKind.QuotedName);
            case '`':
                return Quoted(sql, i, '`', SqlTokenKind.QuotedName);
            case '[':
                int close = sql.IndexOf(']', i + 1);
                return close < 0 ? null : new SqlToken(SqlTokenKind.QuotedName, sql[(i + 1)..close], i, close + 1);
        }

        if ((c is 'x' or 'X') && i + 1 < sql.Length && sql[i + 1] == '\'')
        {
            SqlToken? blob = Quoted(sql, i + 1, '\'', SqlTokenKind.Blob);
            return blob is SqlToken b ? b with { Start = i } : null;
        }

        if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1])))
        {
            int end = NumberEnd(sql, i);
            return new SqlToken(SqlTokenKind.Number, sql[i..end], i, end);
        }

        if (IsWordChar(c) && !char.IsAsciiDigit(c) && c != '$')
        {
            int end = i + 1;
            while (end < sql.Length && IsWordChar(sql[end]))
            {
                end++;
            }

            return new SqlToken(SqlTokenKind.Word, sql[i..end], i, end);
        }

        return new SqlToken(SqlTokenKind.Symbol, c.ToString(), i, i + 1);
    }

    /// <summary>A token quoted by <paramref name="quote"/> at <paramref name="i"/>, where a doubled quote stands for one.</summary>
    private static SqlToken? Quoted(string sql, int i, char quote, SqlTokenKind kind)
    {
        StringBuilder text = new();
        int at = i + 1;
        while (at < sql.Length)
        {
            if (sql[at] == quote)
            {
                if (at + 1 < sql.Length && sql[at + 1] == quote)
                {
                    text.Append(quote);
                    at += 2;
                    continue;
                }

                return new SqlToken(kind, text.ToString(), i, at + 1);
            }

            text.Append(sql[at++]);
        }

        return null;
    }

    private static int NumberEnd(string sql, int i)
    {
        if (sql[i] == '0' && i + 2 < sql.Length && (sql[i + 1] is 'x' or 'X') && char.IsAsciiHexDigit(sql[i + 2]))
        {
            int hex = i + 2;
            while (hex < sql.Length && char.IsAsciiHexDigit(sql[hex]))
            {
                hex++;
            }

            return hex;
        }

        int end = i;
        while (end < sql.Length && (char.IsAsciiDigit(sql[end]) || sql[end] == '.'))
        {
            end++;
        }

        if (end < sql.Length && (sql[end] is 'e' or 'E'))
        {
            int exponent = end + 1;
            if (exponent < sql.Length && (sql[exponent] is '+' or '-'))
            {
                exponent++;
            }

            if (exponent < sql.Length && char.IsAsciiDigit(sql[exponent]))
            {
                end = exponent;
                while (end < sql.Length && char.IsAsciiDigit(sql[end]))
                {
                    end++;
                }
            }
        }

        return end;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
}
