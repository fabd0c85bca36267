using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Values as log text: <c>empty</c> for the empty value, or <c>vID.LEN</c>, which stands for the token's own ASCII
/// bytes, a colon, and LEN filler bytes drawn from ID. One ID in three gives random filler; the rest repeat a short
/// random pattern, so compressed tables store some blocks compressed.
/// </summary>
/// <remarks>
/// Because a value starts with its token, a read can print what it got as the token, after checking that the bytes are
/// exactly the token's expansion; anything else prints as its length and hash. Stateless; thread-safe.
/// </remarks>
internal static class ValueToken
{
    /// <summary>The token of the empty value.</summary>
    public const string Empty = "empty";

    /// <summary>The longest filler, in bytes.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>The token for filler <paramref name="id"/> of <paramref name="length"/> bytes.</summary>
    public static string Of(int id, int length) => string.Create(CultureInfo.InvariantCulture, $"v{id}.{length}");

    /// <summary>True when <paramref name="token"/> is <c>empty</c> or a well-formed <c>vID.LEN</c> in canonical form.</summary>
    public static bool IsValid(string token) => token == Empty || TryParse(token, out _, out _);

    /// <summary>The bytes <paramref name="token"/> stands for.</summary>
    public static byte[] Expand(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token == Empty)
        {
            return [];
        }

        if (!TryParse(token, out int id, out int length))
        {
            throw new ArgumentException($"'{token}' is not a value token", nameof(token));
        }

        byte[] value = new byte[token.Length + 1 + length];
        Encoding.ASCII.GetBytes(token, value);
        value[token.Length] = (byte)':';
        Fill(value.AsSpan(token.Length + 1), id);
        return value;
    }

    /// <summary>The token <paramref name="value"/> is the expansion of, or its length and hash when it is none.</summary>
    public static string Describe(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return Empty;
        }

        int colon = value[..Math.Min(value.Length, 32)].IndexOf((byte)':');
        if (colon > 0)
        {
            string token = Encoding.ASCII.GetString(value[..colon]);
            if (TryParse(token, out _, out int length) && value.Length == colon + 1 + length && value.SequenceEqual(Expand(token)))
            {
                return token;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"?len={value.Length},xxh={XxHash64.HashToUInt64(value):x16}");
    }

    private static bool TryParse(string token, out int id, out int length)
    {
        id = 0;
        length = 0;
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        return token.Length > 3 && token[0] == 'v' && dot > 1
            && TryParseCanonical(token.AsSpan(1, dot - 1), out id)
            && TryParseCanonical(token.AsSpan(dot + 1), out length)
            && length <= MaxLength;
    }

    /// <summary>A non-negative decimal without sign or leading zeros, so that each number has one spelling.</summary>
    private static bool TryParseCanonical(ReadOnlySpan<char> digits, out int number) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number)
        && (digits.Length == 1 || digits[0] != '0');

    private static void Fill(Span<byte> filler, int id)
    {
        if (filler.IsEmpty)
        {
            return;
        }

        Random random = new(id);
        if (id % 3 == 0)
        {
            random.NextBytes(filler);
            return;
        }

        Span<byte> pattern = stackalloc byte[16];
        random.NextBytes(pattern);
        pattern = pattern[..(1 + (id % 16))];
        for (int i = 0; i < filler.Length; i += pattern.Length)
        {
            pattern[..Math.Min(pattern.Length, filler.Length - i)].CopyTo(filler[i..]);
        }
    }
}
