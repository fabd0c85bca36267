using System;
using System.Buffers.Text;

namespace Engine.Api.Sync.Store;

/// <summary>
/// Page tokens of the key-ordered listings (docs/format/keyspace.md, "Listings"): base64url, without padding, of the
/// last returned row's key; the next page starts at the first key after it (the key followed by one 0x00 byte).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class PageTokens
{
    /// <summary>The token that resumes after <paramref name="lastKey"/>.</summary>
    public static string After(ReadOnlySpan<byte> lastKey) => Base64Url.EncodeToString(lastKey);

    /// <summary>
    /// The first key a page may return: the key after the token's, which must lie under <paramref name="scanPrefix"/>
    /// (at <paramref name="prefixOffset"/> of the key, past a sync id the listing does not fix); InvalidArgument for a
    /// malformed token or one from another listing or sync.
    /// </summary>
    public static byte[] ResumeKey(string token, byte keyspace, ReadOnlySpan<byte> scanPrefix, int prefixOffset)
    {
        byte[] key;
        try
        {
            key = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            SyncErrors.InvalidArgument("malformed page token");
            return [];
        }

        if (key.Length <= prefixOffset + scanPrefix.Length || key[0] != keyspace || !key.AsSpan(prefixOffset).StartsWith(scanPrefix))
        {
            SyncErrors.InvalidArgument("the page token belongs to another listing or sync");
        }

        byte[] resume = new byte[key.Length + 1];
        key.CopyTo(resume, 0);
        return resume;
    }
}
