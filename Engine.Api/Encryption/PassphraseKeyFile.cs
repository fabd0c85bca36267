using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Engine.Api.Encryption;

// Key file format, version 1 (docs/format/encryption.md, "Key file"). Little-endian.
//
// +---------+---------+----------+-----------+------------+-------------+---------+------------+-----------+
// | magic   | version | reserved | memoryKiB | iterations | parallelism | salt    | current id | key count |
// | 8 bytes | u16     | u16 (0)  | u32       | u32        | u32         | 16 B    | u32        | u32       |
// +---------+---------+----------+-----------+------------+-------------+---------+------------+-----------+
//   then `key count` entries of 64 bytes: | key id u32 | nonce 12 B | wrapped key 32 B | tag 16 B |
//
// KEK = Argon2id(passphrase as UTF-8, salt, memoryKiB, iterations, parallelism), 32 bytes.
// wrapped key = AES-256-GCM(KEK, nonce, DEK), associated data = the 48 header bytes ‖ key id: changing any header
// field, or moving a wrapped key to another id, fails every unwrap.

/// <summary>
/// Data keys kept in a file, each wrapped (AES-256-GCM) by a key-encryption key derived from a passphrase with Argon2id.
/// Changing the passphrase rewraps the data keys only: no store file is re-encrypted.
/// </summary>
/// <remarks>
/// <para>
/// The file is rewritten whole (a temporary file, flushed, then renamed over) whenever keys are added or removed, so a
/// crash leaves the old file or the new one. Keep a copy of it: without it, and its passphrase, the store is unreadable.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
/// <example>
/// <code>
/// PassphraseKeyFile keys = PassphraseKeyFile.Create("/app/keys.bin", passphrase);   // once
/// PassphraseKeyFile keys = PassphraseKeyFile.Open("/app/keys.bin", passphrase);     // afterwards
/// using LocalStore store = LocalStore.Open(dir, new LocalStoreOptions { Encryption = new EncryptionOptions(keys) });
/// </code>
/// </example>
public sealed class PassphraseKeyFile : IKeyProvider
{
    private const ushort Version = 1;
    private const int HeaderSize = 48;
    private const int EntrySize = 64;
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int MaxKeys = 4096;

    private readonly object _lock = new();
    private readonly byte[] _kek;
    private readonly byte[] _salt;
    private readonly Argon2Parameters _parameters;
    private readonly SortedDictionary<uint, byte[]> _keys;
    private uint _current;

    private PassphraseKeyFile(string path, byte[] kek, byte[] salt, Argon2Parameters parameters, SortedDictionary<uint, byte[]> keys, uint current)
    {
        FilePath = path;
        _kek = kek;
        _salt = salt;
        _parameters = parameters;
        _keys = keys;
        _current = current;
    }

    /// <summary>The key file's path.</summary>
    public string FilePath { get; }

    /// <summary>The Argon2id parameters the file was written with.</summary>
    public Argon2Parameters Parameters => _parameters;

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

    /// <summary>The ids of the keys the file holds, ascending.</summary>
    public IReadOnlyList<uint> KeyIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _keys.Keys];
            }
        }
    }

    /// <summary>Creates a key file holding one random data key (id 1) wrapped under <paramref name="passphrase"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="passphrase"/> is null or empty.</exception>
    /// <exception cref="StorageException">A file exists at <paramref name="path"/> (AlreadyExists), or I/O failed.</exception>
    public static PassphraseKeyFile Create(string path, string passphrase, Argon2Parameters? parameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        parameters ??= Argon2Parameters.Default;
        parameters.Validate();
        if (File.Exists(path))
        {
            throw new StorageException(StorageErrorCode.AlreadyExists, $"the key file '{path}' exists already");
        }

        byte[] salt = RandomNumberGenerator.GetBytes(SaltSize);
        SortedDictionary<uint, byte[]> keys = new() { [1] = RandomNumberGenerator.GetBytes(InMemoryKeyProvider.KeySizeBytes) };
        PassphraseKeyFile file = new(path, DeriveKek(passphrase, salt, parameters), salt, parameters, keys, 1);
        file.SaveLocked();
        return file;
    }

    /// <summary>Opens a key file with its passphrase.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="passphrase"/> is null or empty.</exception>
    /// <exception cref="DecryptionFailedException">The passphrase is wrong, or the file was changed.</exception>
    /// <exception cref="UnsupportedFormatVersionException">A newer key file format.</exception>
    /// <exception cref="StorageException">No such file (NotFound), a malformed file (Corruption), or I/O failed.</exception>
    public static PassphraseKeyFile Open(string path, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        byte[] bytes = ReadFile(path);
        (Argon2Parameters parameters, byte[] salt, uint current, int count) = ParseHeader(path, bytes);
        byte[] kek = DeriveKek(passphrase, salt, parameters);
        SortedDictionary<uint, byte[]> keys = Unwrap(path, bytes, kek, count);
        if (!keys.ContainsKey(current))
        {
            throw new StorageException(StorageErrorCode.Corruption, $"the key file '{path}' names current key {current}, which it does not hold");
        }

        return new PassphraseKeyFile(path, kek, salt, parameters, keys, current);
    }

    /// <summary>
    /// Rewraps every data key of the file at <paramref name="path"/> under <paramref name="newPassphrase"/> (with a new
    /// salt, and <paramref name="parameters"/> or the file's own). The data keys, and so every store file, stay as they are.
    /// </summary>
    /// <exception cref="DecryptionFailedException"><paramref name="oldPassphrase"/> is wrong.</exception>
    public static void ChangePassphrase(string path, string oldPassphrase, string newPassphrase, Argon2Parameters? parameters = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassphrase);
        PassphraseKeyFile old = Open(path, oldPassphrase);
        parameters ??= old._parameters;
        parameters.Validate();
        byte[] salt = RandomNumberGenerator.GetBytes(SaltSize);
        PassphraseKeyFile renewed;
        lock (old._lock)
        {
            renewed = new PassphraseKeyFile(path, DeriveKek(newPassphrase, salt, parameters), salt, parameters, new SortedDictionary<uint, byte[]>(old._keys), old._current);
        }

        renewed.SaveLocked();
    }

    /// <summary>
    /// Adds a fresh random data key with the next id, makes it current and saves the file: new store files take it.
    /// Follow with <see cref="Database.RotateKeys(bool)"/> to move existing files to it.
    /// </summary>
    /// <returns>The new key's id.</returns>
    public uint AddKey()
    {
        lock (_lock)
        {
            if (_keys.Count >= MaxKeys)
            {
                throw new StorageException(StorageErrorCode.ResourceExhausted, $"the key file '{FilePath}' holds {MaxKeys} keys already");
            }

            uint id = checked(_keys.Keys.Max() + 1);
            _keys[id] = RandomNumberGenerator.GetBytes(InMemoryKeyProvider.KeySizeBytes);
            _current = id;
            SaveLocked();
            return id;
        }
    }

    /// <summary>Removes key <paramref name="keyId"/> and saves the file; only once no store file names it any more.</summary>
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
                SaveLocked();
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

    private static byte[] DeriveKek(string passphrase, byte[] salt, Argon2Parameters parameters)
    {
        byte[] password = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            using Argon2id argon = new(password)
            {
                Salt = salt,
                MemorySize = parameters.MemoryKiB,
                Iterations = parameters.Iterations,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return argon.GetBytes(InMemoryKeyProvider.KeySizeBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new StorageException(StorageErrorCode.NotFound, $"no key file '{path}'", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(StorageErrorCode.Unavailable, $"the key file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static (Argon2Parameters Parameters, byte[] Salt, uint Current, int Count) ParseHeader(string path, byte[] bytes)
    {
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new StorageException(StorageErrorCode.Corruption, $"'{path}' is not a key file");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        if (version != Version)
        {
            throw new UnsupportedFormatVersionException(path, version, Version);
        }

        Argon2Parameters parameters = new()
        {
            MemoryKiB = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12))),
            Iterations = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16))),
            Parallelism = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20))),
        };
        try
        {
            parameters.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new StorageException(StorageErrorCode.Corruption, $"the key file '{path}' has Argon2id parameters out of range: {ex.Message}", ex);
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(44));
        if (count is 0 or > MaxKeys || bytes.Length != HeaderSize + (count * EntrySize))
        {
            throw new StorageException(StorageErrorCode.Corruption, $"the key file '{path}' is {bytes.Length} bytes for {count} keys");
        }

        return (parameters, bytes.AsSpan(24, SaltSize).ToArray(), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)), (int)count);
    }

    private static SortedDictionary<uint, byte[]> Unwrap(string path, byte[] bytes, byte[] kek, int count)
    {
        SortedDictionary<uint, byte[]> keys = [];
        using AesGcm aes = new(kek, TagSize);
        Span<byte> associated = stackalloc byte[HeaderSize + 4];
        bytes.AsSpan(0, HeaderSize).CopyTo(associated);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> entry = bytes.AsSpan(HeaderSize + (i * EntrySize), EntrySize);
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            entry[..4].CopyTo(associated[HeaderSize..]);
            byte[] key = new byte[InMemoryKeyProvider.KeySizeBytes];
            try
            {
                aes.Decrypt(entry.Slice(4, NonceSize), entry.Slice(4 + NonceSize, key.Length), entry.Slice(4 + NonceSize + key.Length, TagSize), key, associated);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new DecryptionFailedException(path, HeaderSize + (i * EntrySize), "the passphrase is wrong, or the key file was changed", ex);
            }

            if (!keys.TryAdd(id, key))
            {
                throw new StorageException(StorageErrorCode.Corruption, $"the key file '{path}' holds key {id} twice");
            }
        }

        return keys;
    }

    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'K', (byte)'E', (byte)'Y', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    private void SaveLocked()
    {
        byte[] bytes = new byte[HeaderSize + (_keys.Count * EntrySize)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)_parameters.MemoryKiB);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)_parameters.Iterations);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), (uint)_parameters.Parallelism);
        _salt.CopyTo(bytes.AsSpan(24));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), _current);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(44), (uint)_keys.Count);
        using AesGcm aes = new(_kek, TagSize);
        Span<byte> associated = stackalloc byte[HeaderSize + 4];
        bytes.AsSpan(0, HeaderSize).CopyTo(associated);
        int offset = HeaderSize;
        foreach ((uint id, byte[] key) in _keys)
        {
            Span<byte> entry = bytes.AsSpan(offset, EntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, id);
            entry[..4].CopyTo(associated[HeaderSize..]);
            RandomNumberGenerator.Fill(entry.Slice(4, NonceSize));
            aes.Encrypt(entry.Slice(4, NonceSize), key, entry.Slice(4 + NonceSize, key.Length), entry.Slice(4 + NonceSize + key.Length, TagSize), associated);
            offset += EntrySize;
        }

        string temp = FilePath + ".tmp";
        try
        {
            using (FileStream stream = new(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(StorageErrorCode.Unavailable, $"the key file '{FilePath}' cannot be written: {ex.Message}", ex);
        }
    }
}
