using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace Engine.Api.Encryption;

/// <summary>
/// Data keys held in process memory: for keys the application keeps elsewhere (an OS key store, a secrets service) and
/// for tests. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// InMemoryKeyProvider keys = new(1, myKeyBytes);
/// using Database db = Database.Open(dir, new DatabaseOptions { Encryption = new EncryptionOptions(keys) });
/// </code>
/// </example>
public sealed class InMemoryKeyProvider : IKeyProvider
{
    /// <summary>The size of a data key in bytes (AES-256).</summary>
    public const int KeySizeBytes = 32;

    private readonly object _lock = new();
    private readonly Dictionary<uint, byte[]> _keys = [];
    private uint _current;

    /// <summary>Holds <paramref name="key"/> (copied) as key <paramref name="keyId"/>, the current one.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes.</exception>
    public InMemoryKeyProvider(uint keyId, ReadOnlySpan<byte> key)
    {
        AddKey(keyId, key);
        _current = keyId;
    }

    /// <inheritdoc/>
    public uint CurrentKeyId
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>A provider holding one fresh random key with id 1.</summary>
    public static InMemoryKeyProvider CreateRandom()
    {
        Span<byte> key = stackalloc byte[KeySizeBytes];
        RandomNumberGenerator.Fill(key);
        InMemoryKeyProvider provider = new(1, key);
        CryptographicOperations.ZeroMemory(key);
        return provider;
    }

    /// <summary>Adds (or replaces) key <paramref name="keyId"/>; the current key does not change.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes.</exception>
    public void AddKey(uint keyId, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySizeBytes)
        {
            throw new ArgumentException($"a data key is {KeySizeBytes} bytes, not {key.Length}", nameof(key));
        }

        lock (_lock)
        {
            _keys[keyId] = key.ToArray();
        }
    }

    /// <summary>Makes <paramref name="keyId"/> the key new files are written with.</summary>
    /// <exception cref="ArgumentException">The provider does not hold that key.</exception>
    public void SetCurrent(uint keyId)
    {
        lock (_lock)
        {
            if (!_keys.ContainsKey(keyId))
            {
                throw new ArgumentException($"the provider holds no key {keyId}", nameof(keyId));
            }

            _current = keyId;
        }
    }

    /// <summary>Forgets key <paramref name="keyId"/> (after a rotation rewrote every file that named it).</summary>
    /// <exception cref="ArgumentException"><paramref name="keyId"/> is the current key.</exception>
    public void RemoveKey(uint keyId)
    {
        lock (_lock)
        {
            if (keyId == _current)
            {
                throw new ArgumentException("the current key cannot be removed", nameof(keyId));
            }

            if (_keys.Remove(keyId, out byte[]? key))
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <inheritdoc/>
    public bool TryGetKey(uint keyId, Span<byte> destination)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(keyId, out byte[]? key))
            {
                return false;
            }

            key.CopyTo(destination);
            return true;
        }
    }
}
