using System;
using System.Collections.Generic;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Store;
using Engine.Api.Sync.Telemetry;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync;

/// <summary>
/// The index check: every index entry a record's side columns call for (<see cref="IndexEntries"/>, the definition the
/// writes use) must exist, and every index entry must be one its record calls for.
/// </summary>
public sealed partial class SyncStore
{
    /// <summary>The primary keyspaces whose records have index entries.</summary>
    private static ReadOnlySpan<Keyspace> IndexedKeyspaces => [Keyspace.Resource, Keyspace.Entitlement, Keyspace.Grant];

    /// <summary>
    /// Walks every resource, entitlement and grant of one sync (all syncs when <paramref name="syncId"/> is null or
    /// empty) and every entry of their indexes, and reports each entry that is missing, dangling (no record) or
    /// mismatched (the record calls for another entry). Reads the latest data; run it while nothing writes.
    /// </summary>
    /// <exception cref="StorageException">InvalidArgument: a malformed sync id.</exception>
    /// <exception cref="CorruptionException">A record's envelope does not parse.</exception>
    public IndexVerifyReport VerifyIndexes(string? syncId = null)
    {
        using OperationScope op = _telemetry.Begin(SyncOperation.VerifyIndexes, syncId);
        ThrowIfClosed();
        Ksuid? only = string.IsNullOrEmpty(syncId) ? null : ParseSyncId(syncId);
        List<IndexProblem> problems = [];
        long records = 0;
        long entries = 0;
        using KeyBuilder keys = new();
        foreach (Keyspace primary in IndexedKeyspaces)
        {
            foreach (KeyValuePair<byte[], byte[]> stored in Db.Scan(RangeOf(primary, only)))
            {
                records++;
                EntityRecord record = ParseRecord(stored.Key, stored.Value, primary);
                Ksuid sync = Ksuid.FromBytes(stored.Key.AsSpan(1, Ksuid.ByteLength));
                foreach (Keyspace index in IndexEntries.Of(primary))
                {
                    if (IndexEntries.TryBuild(keys, index, sync, stored.Key.AsSpan(SyncKeys.SyncPrefixLength), record) && Db.Get(keys.Key) is null)
                    {
                        problems.Add(Problem(IndexProblemKind.Missing, index, stored.Key, "no entry " + Tail(keys.Key)));
                    }
                }
            }
        }

        foreach (Keyspace primary in IndexedKeyspaces)
        {
            foreach (Keyspace index in IndexEntries.Of(primary))
            {
                foreach (KeyValuePair<byte[], byte[]> entry in Db.Scan(RangeOf(index, only)))
                {
                    entries++;
                    if (CheckEntry(keys, index, primary, entry.Key) is { } problem)
                    {
                        problems.Add(problem);
                    }
                }
            }
        }

        return new IndexVerifyReport(records, entries, problems);
    }

    /// <summary>What is wrong with index entry <paramref name="entry"/>, or null when its record calls for exactly it.</summary>
    private IndexProblem? CheckEntry(KeyBuilder keys, Keyspace index, Keyspace primary, byte[] entry)
    {
        byte[] primaryKey;
        try
        {
            primaryKey = PrimaryKeyOf(entry, primary);
        }
        catch (CorruptionException ex)
        {
            return Problem(IndexProblemKind.Dangling, index, entry, "the entry does not parse: " + ex.Message);
        }

        byte[]? value = Db.Get(primaryKey);
        if (value is null)
        {
            return Problem(IndexProblemKind.Dangling, index, primaryKey, "no record for entry " + Tail(entry));
        }

        EntityRecord record = ParseRecord(primaryKey, value, primary);
        Ksuid sync = Ksuid.FromBytes(entry.AsSpan(1, Ksuid.ByteLength));
        if (!IndexEntries.TryBuild(keys, index, sync, primaryKey.AsSpan(SyncKeys.SyncPrefixLength), record))
        {
            return Problem(IndexProblemKind.Mismatched, index, primaryKey, $"entry {Tail(entry)}, but the record calls for none");
        }

        return keys.Key.SequenceEqual(entry) ? null : Problem(IndexProblemKind.Mismatched, index, primaryKey, $"entry {Tail(entry)}, but the record calls for {Tail(keys.Key)}");
    }

    private static KeyRange RangeOf(Keyspace keyspace, Ksuid? sync) =>
        sync is Ksuid one ? SyncKeys.SyncRange(keyspace, one) : SyncKeys.KeyspaceRange(keyspace);

    /// <summary>A problem naming the index, the sync and the record of <paramref name="key"/> (a primary key, or an unparsable entry).</summary>
    private static IndexProblem Problem(IndexProblemKind kind, Keyspace index, byte[] key, string detail)
    {
        string sync = SyncKeys.TryReadSyncId(key, out Ksuid id) ? id.ToString() : "";
        string recordId = IndexEntries.PrimaryOf(index) == (Keyspace)key[0] ? RecordId(key) : "";
        return new IndexProblem(kind, index.ToString(), sync, recordId, detail);
    }

    /// <summary>A key's columns after the sync prefix, in hex, for a problem's detail.</summary>
    private static string Tail(ReadOnlySpan<byte> key) => Convert.ToHexString(key[Math.Min(key.Length, SyncKeys.SyncPrefixLength)..]);
}
