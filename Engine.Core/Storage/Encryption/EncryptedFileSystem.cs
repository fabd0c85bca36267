using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// Encrypts every file written through it and decrypts every file read: a layer over any <see cref="IFileSystem"/>
/// (local, in-memory, fault-injecting) that the formats above never see. Format: <c>docs/format/encryption.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// Files are AES-256-GCM frames of at most one page under a per-file key (<see cref="FileCipher"/>); new files take the
/// keyring's current key, existing files keep the key their header names until they are rewritten. Names, directory
/// operations and lock files pass through unchanged: a lock file holds no data.
/// </para>
/// <para>
/// The durability contract of <see cref="IFileSystem"/> holds with one addition: an appended partial page reaches the
/// inner file at <see cref="IWritableFile.Flush"/>, <see cref="IWritableFile.Sync"/> or dispose.
/// </para>
/// <para>Thread-safe, as the inner file system is.</para>
/// </remarks>
internal sealed class EncryptedFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;
    private readonly IKeyring _keyring;
    private readonly Action<Span<byte>>? _fill;

    /// <summary>Wraps <paramref name="inner"/>; checks that the platform has AES-GCM.</summary>
    /// <exception cref="Api.StorageException">AES-GCM is not supported here (FailedPrecondition).</exception>
    public EncryptedFileSystem(IFileSystem inner, IKeyring keyring)
        : this(inner, keyring, null)
    {
    }

    /// <summary>
    /// Wraps <paramref name="inner"/>, drawing new files' salts and ids from <paramref name="fill"/> instead of the
    /// system's random generator: only for reproducible files in tests and fuzz seeds, never for data.
    /// </summary>
    internal EncryptedFileSystem(IFileSystem inner, IKeyring keyring, Action<Span<byte>>? fill)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(keyring);
        AesGcmCipher.EnsureSupported();
        _inner = inner;
        _keyring = keyring;
        _fill = fill;
    }

    /// <summary>The file system the ciphertext is written to.</summary>
    public IFileSystem Inner => _inner;

    /// <summary>The keys files are written and read with.</summary>
    public IKeyring Keyring => _keyring;

    /// <summary>
    /// The key id in the header of the raw file at <paramref name="path"/>, or null when it has no complete
    /// encrypted-file header. Reads the header only: nothing is authenticated.
    /// </summary>
    public static uint? ReadKeyId(IFileSystem rawFs, string path)
    {
        ArgumentNullException.ThrowIfNull(rawFs);
        Span<byte> header = stackalloc byte[EncryptedFileFormat.HeaderSize];
        using IReadableFile file = rawFs.OpenRead(path);
        if (file.Length < header.Length || new ReadableCiphertextSource(file).Read(0, header) < header.Length
            || !header[..EncryptedFileFormat.Magic.Length].SequenceEqual(EncryptedFileFormat.Magic))
        {
            return null;
        }

        return BinaryPrimitives.ReadUInt32LittleEndian(header[EncryptedFileFormat.KeyIdOffset..]);
    }

    /// <summary>True when the raw file at <paramref name="path"/> starts with the encrypted-file magic.</summary>
    public static bool HasEncryptedHeader(IFileSystem rawFs, string path) => ReadKeyId(rawFs, path) is not null;

    public IWritableFile Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return EncryptedWritableFile.Create(_inner, _keyring, path, _fill);
    }

    public IWritableFile OpenForAppend(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return EncryptedWritableFile.OpenForAppend(_inner, _keyring, path);
    }

    public IReadableFile OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return EncryptedReadableFile.Open(_inner.OpenRead(path), _keyring);
    }

    public IMappedFile OpenMapped(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return EncryptedMappedFile.Open(_inner.OpenMapped(path), _keyring);
    }

    public bool Exists(string path) => _inner.Exists(path);

    public long GetLength(string path)
    {
        using IReadableFile file = OpenRead(path);
        return file.Length;
    }

    public void Rename(string from, string to) => _inner.Rename(from, to);

    public void Delete(string path) => _inner.Delete(path);

    public void CreateDirectory(string path) => _inner.CreateDirectory(path);

    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);

    public IReadOnlyList<string> List(string directory) => _inner.List(directory);

    public IDisposable Lock(string path) => _inner.Lock(path);
}
