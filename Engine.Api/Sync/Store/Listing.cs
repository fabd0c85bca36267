using System;
using Engine.Api.Sync.Keys;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Store;

/// <summary>
/// What one listing scans: a keyspace (primary, or an index whose keys end with the record's id), within one sync or,
/// with no sync resolved, within every sync, under a tuple prefix of the key's leading columns.
/// </summary>
/// <remarks>
/// A tuple prefix is not a plain byte prefix: the encoding of the string "a" (<c>02 61 00</c>) is a byte prefix of
/// the encoding of "a\0b" (<c>02 61 00 FF 62 00</c>), because an escaped 0x00 inside a string continues with 0xFF. The
/// keys whose leading columns equal the prefix are exactly those that continue with a type code, every one below 0xFF,
/// so a prefixed scan covers [prefix, prefix ‖ FF), as FoundationDB's tuple ranges do.
/// </remarks>
/// <param name="Scanned">The keyspace whose keys are walked.</param>
/// <param name="Primary">The records' keyspace; equal to <paramref name="Scanned"/> for a primary scan.</param>
/// <param name="Sync">The sync; null for every sync (SQLite's query without a sync filter).</param>
/// <param name="TuplePrefix">The encoded leading columns every key must start with after the sync id; empty for all.</param>
internal readonly record struct Listing(Keyspace Scanned, Keyspace Primary, Ksuid? Sync, byte[] TuplePrefix)
{
    /// <summary>True when the scanned keys are index entries that name their record by their last column.</summary>
    public bool IsIndex => Scanned != Primary;

    /// <summary>The bytes every scanned key starts with: the keyspace, the sync when fixed, the tuple prefix.</summary>
    public byte[] Prefix()
    {
        if (Sync is not Ksuid sync)
        {
            return [(byte)Scanned];
        }

        byte[] prefix = new byte[SyncKeys.SyncPrefixLength + TuplePrefix.Length];
        SyncKeys.WritePrefix(prefix, Scanned, sync);
        TuplePrefix.CopyTo(prefix, SyncKeys.SyncPrefixLength);
        return prefix;
    }

    /// <summary>The first key after every key of the listing that starts with <paramref name="prefix"/> (its <see cref="Prefix"/>); null for none.</summary>
    public byte[]? UpperBound(byte[] prefix)
    {
        if (Sync is not null && TuplePrefix.Length != 0)
        {
            byte[] upper = new byte[prefix.Length + 1];
            prefix.CopyTo(upper, 0);
            upper[^1] = 0xFF;
            return upper;
        }

        byte[] next = (byte[])prefix.Clone();
        return TupleCodec.TryIncrementPrefix(next, out int length) ? next[..length] : null;
    }

    /// <summary>
    /// True when <paramref name="key"/>, which starts with <see cref="Prefix"/>, also has the tuple prefix as whole
    /// columns (not as the start of a longer string).
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> key) =>
        key.Length > SyncKeys.SyncPrefixLength + TuplePrefix.Length
        && key[SyncKeys.SyncPrefixLength..].StartsWith(TuplePrefix)
        && (TuplePrefix.Length == 0 || key[SyncKeys.SyncPrefixLength + TuplePrefix.Length] != 0xFF);
}
