using System;
using System.Collections.Generic;

namespace Engine.Core.Storage.Encryption;

/// <summary>A fixed set of keys held in memory, for tests, tools and the fuzz target.</summary>
/// <remarks>Immutable after construction; thread-safe.</remarks>
internal sealed class StaticKeyring : IKeyring
{
    private readonly Dictionary<uint, byte[]> _keys;

    /// <summary>Holds <paramref name="keys"/> (each 32 bytes, copied); new files use <paramref name="currentKeyId"/>.</summary>
    public StaticKeyring(uint currentKeyId, IReadOnlyDictionary<uint, byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [];
        foreach ((uint id, byte[] key) in keys)
        {
            if (key.Length != AesGcmCipher.KeySize)
            {
                throw new ArgumentException($"key {id} is {key.Length} bytes, not {AesGcmCipher.KeySize}", nameof(keys));
            }

            _keys[id] = (byte[])key.Clone();
        }

        if (!_keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"the current key {currentKeyId} is not among the keys", nameof(currentKeyId));
        }

        CurrentKeyId = currentKeyId;
    }

    public uint CurrentKeyId { get; }

    /// <summary>One key with id 1, derived from <paramref name="seed"/> (tests only: not a secret).</summary>
    public static StaticKeyring ForTests(byte seed = 1, uint keyId = 1)
    {
        byte[] key = new byte[AesGcmCipher.KeySize];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 31));
        }

        return new StaticKeyring(keyId, new Dictionary<uint, byte[]> { [keyId] = key });
    }

    public bool TryCopyKey(uint keyId, Span<byte> destination)
    {
        if (!_keys.TryGetValue(keyId, out byte[]? key))
        {
            return false;
        }

        key.CopyTo(destination);
        return true;
    }
}
