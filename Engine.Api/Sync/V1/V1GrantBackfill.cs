using System;
using System.IO;
using C1.Connector.V2;
using Engine.Api.Sync.Store;
using Google.Protobuf;

namespace Engine.Api.Sync.V1;

/// <summary>
/// The reference's one-time grant expansion backfill (<c>backfillGrantExpansionColumn</c>, shared/spec/baton-storage.md
/// section 9.2), applied to one grant row of a sync whose <c>grants_backfilled</c> is 0 and whose <c>expansion</c> is
/// NULL, as the row is read.
/// </summary>
/// <remarks>
/// The first <c>GrantExpandable</c> annotation decides. None: the row is unchanged. One naming at least one entitlement id
/// that is not blank: every GrantExpandable leaves the grant, <c>data</c> becomes the grant re-marshalled, <c>expansion</c>
/// the first annotation's value bytes and <c>needs_expansion</c> 1. Only blank ids: the reference just marks the row done,
/// so <c>data</c> keeps the annotation and <c>expansion</c> stays NULL. Stateless; thread-safe.
/// </remarks>
internal static class V1GrantBackfill
{
    private static ReadOnlySpan<byte> ExpandableName => "c1.connector.v2.GrantExpandable"u8;

    /// <summary>The backfilled columns of a grant whose stored blob is <paramref name="data"/>.</summary>
    /// <exception cref="InvalidDataException">The blob or its first GrantExpandable does not parse.</exception>
    public static (byte[] Data, byte[]? Expansion) Apply(byte[] data)
    {
        // An annotation's type URL is stored as plain bytes at whatever depth, so a blob without the name has none to move
        // and needs no parse: most grants.
        if (data.AsSpan().IndexOf(ExpandableName) < 0)
        {
            return (data, null);
        }

        Grant grant;
        Grant stripped;
        byte[]? expansion;
        try
        {
            grant = Grant.Parser.ParseFrom(data);
            stripped = GrantExpansion.Strip(grant, out expansion);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("the grant does not parse: " + ex.Message, ex);
        }
        catch (StorageException ex) when (ex.InnerException is InvalidProtocolBufferException inner)
        {
            throw new InvalidDataException("its GrantExpandable annotation does not parse: " + inner.Message, inner);
        }

        if (ReferenceEquals(stripped, grant) || expansion is null)
        {
            return (data, null);
        }

        return (stripped.ToByteArray(), expansion);
    }
}
