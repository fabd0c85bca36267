using System.Collections.Generic;

namespace Engine.Api.Sync.Store;

/// <summary>
/// Orders strings as their UTF-8 bytes compare (code point order), which is how the reference's deterministic marshal
/// sorts map keys. <see cref="string.CompareOrdinal(string, string)"/> compares UTF-16 units and so puts surrogate pairs
/// (U+10000 and up) below U+E000..U+FFFF; this comparer moves them above.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int length = System.Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            char a = x[i];
            char b = y[i];
            if (a != b)
            {
                return Fixup(a) - Fixup(b);
            }
        }

        return x.Length - y.Length;
    }

    /// <summary>Moves surrogates above U+E000..U+FFFF so that unit order becomes code point order.</summary>
    private static int Fixup(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
