using System;
using System.Buffers;
using System.Globalization;
using System.Text;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>The rules of <see cref="SqliteAffinity"/>.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SqliteAffinities
{
    private static readonly SearchValues<char> s_numericText = SearchValues.Create("0123456789+-.eE ");

    /// <summary>The affinity of a column declared with <paramref name="declaredType"/>, by the first rule that matches.</summary>
    public static SqliteAffinity Of(string declaredType)
    {
        if (declaredType.Contains("INT", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Integer;
        }

        if (declaredType.Contains("CHAR", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("CLOB", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("TEXT", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Text;
        }

        if (declaredType.Length == 0 || declaredType.Contains("BLOB", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Blob;
        }

        if (declaredType.Contains("REAL", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("FLOA", StringComparison.OrdinalIgnoreCase)
            || declaredType.Contains("DOUB", StringComparison.OrdinalIgnoreCase))
        {
            return SqliteAffinity.Real;
        }

        return SqliteAffinity.Numeric;
    }

    /// <summary>A stored value as SQLite returns it: an integer in a REAL column becomes a real.</summary>
    public static SqliteValue OnRead(SqliteValue stored, SqliteAffinity affinity) =>
        affinity == SqliteAffinity.Real && stored.Kind == SqliteValueKind.Integer ? SqliteValue.FromReal(stored.AsInteger) : stored;

    /// <summary>
    /// A literal converted as SQLite converts a value stored in a column of <paramref name="affinity"/>; null when the
    /// conversion is one this reader does not reproduce (a real rendered as text).
    /// </summary>
    public static SqliteValue? Convert(SqliteValue literal, SqliteAffinity affinity)
    {
        switch (affinity)
        {
            case SqliteAffinity.Text when literal.Kind == SqliteValueKind.Integer:
                return SqliteValue.FromText(Encoding.UTF8.GetBytes(literal.AsInteger.ToString(CultureInfo.InvariantCulture)));
            case SqliteAffinity.Text when literal.Kind == SqliteValueKind.Real:
                // SQLite renders reals with its own printf; this reader does not reproduce it.
                return null;
            case SqliteAffinity.Numeric or SqliteAffinity.Integer or SqliteAffinity.Real:
                SqliteValue number = literal.Kind == SqliteValueKind.Text ? ParseNumber(literal.AsText) ?? literal : literal;
                return affinity == SqliteAffinity.Real ? OnRead(number, affinity) : IntegralAsInteger(number);
            default:
                return literal;
        }
    }

    /// <summary>Text that is a well-formed number, as that number (an integer when it is one); else null.</summary>
    private static SqliteValue? ParseNumber(string text)
    {
        string trimmed = text.Trim(' ');
        if (trimmed.Length == 0 || trimmed.AsSpan().ContainsAnyExcept(s_numericText))
        {
            return null;
        }

        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return SqliteValue.FromInteger(integer);
        }

        return double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double real)
            ? SqliteValue.FromReal(real)
            : null;
    }

    /// <summary>A real that an integer holds exactly becomes that integer (NUMERIC and INTEGER affinity).</summary>
    private static SqliteValue IntegralAsInteger(SqliteValue value)
    {
        if (value.Kind != SqliteValueKind.Real)
        {
            return value;
        }

        double real = value.AsReal;
        return real >= -9.2233720368547758e18 && real < 9.2233720368547758e18 && Math.Floor(real) == real
            ? SqliteValue.FromInteger((long)real)
            : value;
    }
}
