using System;
using Engine.Api.Sync.Records;
using Engine.Api.Sync.Store;

namespace Engine.Api.Gateway.Embedded;

/// <summary>Reads and writes the embedded gateway stores' MessagePack values; a value that does not parse is corruption.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class GatewayRecords
{
    /// <summary>The store name corruption errors carry (the database does not expose its path).</summary>
    public const string StoreName = "gateway";

    public static byte[] Serialize<T>(T value) => RecordSerializer.Serialize(value);

    /// <summary>The record under <paramref name="key"/>, or null when the key is absent.</summary>
    /// <exception cref="CorruptionException">The stored bytes are not a <typeparamref name="T"/>.</exception>
    public static T? Get<T>(Database database, byte[] key, Snapshot? snapshot = null)
        where T : class
    {
        byte[]? stored = database.Get(key, snapshot);
        return stored is null ? null : Parse<T>(key, stored);
    }

    /// <summary>Parses a stored value read under <paramref name="key"/>.</summary>
    /// <exception cref="CorruptionException">The bytes are not a <typeparamref name="T"/>.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
        where T : class
    {
        if (!RecordSerializer.TryDeserialize(stored.ToArray(), out T? value))
        {
            SyncErrors.CorruptValue(StoreName, key, $"the value is not a {typeof(T).Name}");
        }

        return value!;
    }
}
