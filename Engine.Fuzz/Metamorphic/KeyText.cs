using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// Keys as log text: printable ASCII stands for itself, any other byte (and <c>%</c> and <c>*</c>, which the format
/// reserves) is written <c>%XX</c> in upper-case hex. The form is canonical: one byte string, one text.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class KeyText
{
    /// <summary>Keys longer than this, in bytes, are rejected: the log is for small keys that collide.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>The bytes <paramref name="text"/> stands for; the text must be valid (<see cref="TryNormalize"/>).</summary>
    public static byte[] ToBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryDecode(text, out byte[]? bytes))
        {
            throw new ArgumentException($"'{text}' is not a key in log text form", nameof(text));
        }

        return bytes;
    }

    /// <summary>The canonical text of <paramref name="key"/>.</summary>
    public static string FromBytes(ReadOnlySpan<byte> key)
    {
        StringBuilder text = new(key.Length);
        foreach (byte b in key)
        {
            if (b is > 0x20 and < 0x7F and not (byte)'%' and not (byte)'*')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// True when <paramref name="token"/> is a key (1 to <see cref="MaxKeyBytes"/> bytes, well-formed escapes), with its
    /// canonical text in <paramref name="canonical"/>.
    /// </summary>
    public static bool TryNormalize(string token, [NotNullWhen(true)] out string? canonical)
    {
        canonical = null;
        if (!TryDecode(token, out byte[]? bytes) || bytes.Length is 0 or > MaxKeyBytes)
        {
            return false;
        }

        canonical = FromBytes(bytes);
        return true;
    }

    private static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        List<byte> decoded = new(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length)
                {
                    return false;
                }

                if (!byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte escaped))
                {
                    return false;
                }

                decoded.Add(escaped);
                i += 2;
            }
            else if (c is > ' ' and < (char)0x7F and not '*')
            {
                decoded.Add((byte)c);
            }
            else
            {
                return false;
            }
        }

        bytes = [.. decoded];
        return true;
    }
}
