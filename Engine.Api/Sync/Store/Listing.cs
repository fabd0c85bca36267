using System;
using Engine.Api.Sync.Keys;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Store;

/// <summary>
/// What one listing scans: a keyspace (primary, or an index whose keys end with the record's id), within one sync or,
/// with no sync resolved, within every sync, under a tuple prefix of the key's leading columns.
/// </summary>
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

    /// <summary>True when <paramref name="key"/>, which starts with <see cref="Prefix"/>, also has the tuple prefix.</summary>
    public bool Matches(ReadOnlySpan<byte> key) =>
        key.Length > SyncKeys.SyncPrefixLength && key[SyncKeys.SyncPrefixLength..].StartsWith(TuplePrefix);
}
