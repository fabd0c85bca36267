using System;
using System.Buffers;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Sync.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// Reads and writes the embedded gateway stores' MessagePack values: the one reader of both stores. A value that does
/// not parse, or a record at a contract version this code does not know, is a <see cref="CorruptionException"/>.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class GatewayRecords
{
    /// <summary>The store name corruption errors carry (the database does not expose its path).</summary>
    public const string StoreName = "gateway";

    public static byte[] Serialize<T>(T value) => RecordSerializer.Serialize(value);

    /// <summary>The record under <paramref name="key"/>, or null when the key is absent.</summary>
    /// <exception cref="CorruptionException">The stored bytes are not a <typeparamref name="T"/> this code reads.</exception>
    public static T? Get<T>(Database database, byte[] key, Snapshot? snapshot = null)
        where T : class
    {
        byte[]? stored = database.Get(key, snapshot);
        return stored is null ? null : ParseOwned<T>(key, stored);
    }

    /// <summary>Parses a value an iterator holds under <paramref name="key"/> (through a pooled copy, since MessagePack reads memory).</summary>
    /// <exception cref="CorruptionException">The bytes are not a <typeparamref name="T"/> this code reads.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
        where T : class
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(stored.Length);
        try
        {
            stored.CopyTo(copy);

            // The record copies what it keeps (strings, byte arrays), so the buffer goes back to the pool afterwards.
            return ParseOwned<T>(key, copy.AsMemory(0, stored.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static T ParseOwned<T>(ReadOnlySpan<byte> key, ReadOnlyMemory<byte> stored)
        where T : class
    {
        if (!RecordSerializer.TryDeserialize(stored, out T? value)
            || (value is IVersionedRecord versioned && versioned.FormatVersion != IVersionedRecord.CurrentVersion))
        {
            throw new CorruptionException(StoreName, key, $"a stored {typeof(T).Name} does not parse or has an unknown format version");
        }

        return value!;
    }
}
