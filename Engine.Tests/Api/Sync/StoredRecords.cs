using Engine.Api.Sync;
using Engine.Api.Sync.Keys;
using Engine.Api.Sync.Records;
using Engine.Core.Identifiers;

namespace Engine.Tests.Api.Sync;

/// <summary>What a test reads straight from a sync store's keyspaces, to check what the API does not show.</summary>
internal static class StoredRecords
{
    /// <summary>A stored entity value, decoded.</summary>
    public sealed record Stored(long DiscoveredAt, RecordFlags Flags, string[] Columns, byte[]? Expansion, byte[] Blob);

    /// <summary>The record of <paramref name="id"/> in <paramref name="keyspace"/> of <paramref name="syncId"/>, or null.</summary>
    public static Stored? Get(SyncStore store, Keyspace keyspace, string syncId, string id)
    {
        using KeyBuilder key = new();
        byte[]? value = store.Db.Get(key.Begin(keyspace, Ksuid.Parse(syncId)).Append(id).Key);
        if (value is null)
        {
            return null;
        }

        Assert.True(EntityRecord.TryParse(value, out EntityRecord record));
        string[] columns = new string[record.ColumnCount];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = record.Column(i);
        }

        byte[]? expansion = (record.Flags & RecordFlags.HasExpansion) != 0 ? record.Expansion.ToArray() : null;
        return new Stored(record.DiscoveredAtUnixNanos, record.Flags, columns, expansion, record.Blob.ToArray());
    }

    /// <summary>Every key of <paramref name="keyspace"/> in <paramref name="syncId"/>, after the sync prefix, as hex.</summary>
    public static List<string> KeyTails(SyncStore store, Keyspace keyspace, string syncId) =>
        store.Db.Scan(SyncKeys.SyncRange(keyspace, Ksuid.Parse(syncId)))
            .Select(e => Convert.ToHexString(e.Key.AsSpan(SyncKeys.SyncPrefixLength)))
            .ToList();

    /// <summary>The hex of the tuple of <paramref name="columns"/>, as an index key's tail holds it.</summary>
    public static string Tail(params string[] columns)
    {
        using KeyBuilder key = new();
        key.Begin(Keyspace.Meta, default);
        foreach (string column in columns)
        {
            key.Append(column);
        }

        return Convert.ToHexString(key.Key[SyncKeys.SyncPrefixLength..]);
    }
}
