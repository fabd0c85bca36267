using System;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Text;
using Engine.Core.Encoding;

namespace Engine.Api.Sync.Store;

/// <summary>
/// The page token of ListGrantsForEntitlements, in the reference's outer format (shared/spec/baton-storage.md,
/// section 1.8), with our own resume position inside it.
/// </summary>
/// <remarks>
/// <code>
/// token = base64url, no padding, of:
/// +--------------------------+---------------------+--------------+-----------------------+
/// | entitlement index        | len(intra)          | intra        | checksum              |
/// | uvarint                  | uvarint             | len bytes    | 4 bytes, uint32 BE    |
/// +--------------------------+---------------------+--------------+-----------------------+
/// entitlement index = the position, in the distinct request ids sorted by UTF-8 bytes, of the last returned grant's
///                     entitlement
/// intra             = the GrantByEntitlement key of the last returned grant; empty = that entitlement's start
/// checksum          = CRC-32 (IEEE) over the request's entitlement ids in request order, each followed by 0x00
/// </code>
/// A token whose checksum differs from the request's (the list changed, or its order) restarts the listing from the
/// beginning without an error, as the reference does. Stateless; thread-safe.
/// </remarks>
internal static class EntitlementsCursor
{
    private const int ChecksumLength = sizeof(uint);

    /// <summary>The checksum of a request's entitlement ids, in request order.</summary>
    public static uint Checksum(IReadOnlyList<string> ids)
    {
        Crc32 crc = new();
        byte[] separator = [0];
        foreach (string id in ids)
        {
            crc.Append(Encoding.UTF8.GetBytes(id));
            crc.Append(separator);
        }

        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>The token that resumes after <paramref name="intra"/> in the entitlement at <paramref name="index"/>.</summary>
    public static string Encode(int index, ReadOnlySpan<byte> intra, uint checksum)
    {
        byte[] token = new byte[Varint.MaxLength32 * 2 + intra.Length + ChecksumLength];
        int length = Varint.Write(token, (uint)index);
        length += Varint.Write(token.AsSpan(length), (uint)intra.Length);
        intra.CopyTo(token.AsSpan(length));
        length += intra.Length;
        BinaryPrimitives.WriteUInt32BigEndian(token.AsSpan(length), checksum);
        return Base64Url.EncodeToString(token.AsSpan(0, length + ChecksumLength));
    }

    /// <summary>
    /// Where a token resumes: false (start from the beginning) for an empty token or one whose checksum is not
    /// <paramref name="checksum"/>; InvalidArgument when it does not parse or names an entitlement beyond
    /// <paramref name="count"/>.
    /// </summary>
    public static bool TryDecode(string? token, uint checksum, int count, out int index, out byte[] intra)
    {
        index = 0;
        intra = [];
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            SyncErrors.InvalidArgument("malformed page token");
            return false;
        }

        ReadOnlySpan<byte> rest = bytes;
        uint entitlement = 0;
        uint length = 0;
        bool parsed = Varint.TryRead(rest, out entitlement, out int n)
            && Varint.TryRead(rest = rest[n..], out length, out n)
            && (rest = rest[n..]).Length == (long)length + ChecksumLength;
        if (!parsed)
        {
            SyncErrors.InvalidArgument("malformed page token");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(rest[(int)length..]) != checksum)
        {
            return false;
        }

        if (entitlement >= (uint)count)
        {
            SyncErrors.InvalidArgument("the page token names an entitlement the request does not have");
        }

        index = (int)entitlement;
        intra = rest[..(int)length].ToArray();
        return true;
    }
}
