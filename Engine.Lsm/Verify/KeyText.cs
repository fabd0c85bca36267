using System;
using System.Globalization;
using System.Text;
using Engine.Lsm.Keys;

namespace Engine.Lsm.Verify;

/// <summary>Renders keys for problem messages: printable ASCII as is, anything else as hex, long keys cut short.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class KeyText
{
    private const int MaxBytes = 48;

    /// <summary>A user key as text.</summary>
    public static string User(ReadOnlySpan<byte> userKey)
    {
        ReadOnlySpan<byte> shown = userKey.Length > MaxBytes ? userKey[..MaxBytes] : userKey;
        bool printable = true;
        foreach (byte b in shown)
        {
            printable &= b is >= 0x20 and < 0x7F;
        }

        string text = printable ? "\"" + Encoding.ASCII.GetString(shown) + "\"" : "0x" + Convert.ToHexString(shown);
        return userKey.Length > MaxBytes ? text + "..." : text;
    }

    /// <summary>An internal key as <c>user#sequence,kind</c>.</summary>
    public static string Internal(ReadOnlySpan<byte> internalKey)
    {
        if (internalKey.Length < InternalKey.TrailerSize)
        {
            return "(malformed key of " + internalKey.Length.ToString(CultureInfo.InvariantCulture) + " bytes)";
        }

        ulong trailer = InternalKey.Trailer(internalKey);
        return string.Create(CultureInfo.InvariantCulture, $"{User(InternalKey.UserKey(internalKey))}#{SequenceNumber.SequenceOf(trailer)},{SequenceNumber.KindOf(trailer)}");
    }
}
