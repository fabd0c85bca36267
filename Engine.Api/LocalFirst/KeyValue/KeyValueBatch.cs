using System;
using System.Collections.Generic;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// Puts and deletes that <see cref="KeyValueStore.WriteAsync"/> commits atomically: all of them or none, also across a
/// crash, and a reader at a snapshot sees all of them or none. Any number of operations (tested with 50,000); later
/// operations on a key win over earlier ones in the same batch.
/// </summary>
/// <remarks>
/// The batch holds copies of the keys and values, so the caller's buffers may change after each call. Arguments are
/// checked as they are added, so a batch that was built commits without argument errors. Times to live count from
/// the commit. One owner; not thread-safe. Reusable after <see cref="Clear"/>.
/// </remarks>
public sealed class KeyValueBatch
{
    private readonly List<Operation> _operations = [];

    /// <summary>The number of operations.</summary>
    public int Count => _operations.Count;

    internal List<Operation> Operations => _operations;

    /// <summary>Adds a put of <paramref name="key"/> to <paramref name="value"/>, expiring after <paramref name="ttl"/> when given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The key is longer than the engine allows (the store checks its namespace's limit at commit), the value is longer than
    /// <see cref="KeyValueStore.MaxValueLength"/>, or <paramref name="ttl"/> is not positive.
    /// </exception>
    public KeyValueBatch Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, TimeSpan? ttl = null)
    {
        CheckKey(key);
        if (value.Length > KeyValueStore.MaxValueLength)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value.Length, $"A value is at most {KeyValueStore.MaxValueLength} bytes.");
        }

        KeyValueEntry.CheckTtl(ttl, nameof(ttl));
        _operations.Add(new Operation(key.ToArray(), value.ToArray(), ttl));
        return this;
    }

    /// <summary>Adds a delete of <paramref name="key"/>; deleting a missing key is not an error.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is longer than the engine allows.</exception>
    public KeyValueBatch Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        _operations.Add(new Operation(key.ToArray(), null, null));
        return this;
    }

    /// <summary>Removes every operation.</summary>
    public void Clear() => _operations.Clear();

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length >= Database.MaxKeySizeBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Length, $"A key is shorter than {Database.MaxKeySizeBytes} bytes.");
        }
    }

    /// <summary>One operation: a put (with its value and time to live) or, with a null value, a delete.</summary>
    internal readonly record struct Operation(byte[] Key, byte[]? Value, TimeSpan? Ttl);
}
