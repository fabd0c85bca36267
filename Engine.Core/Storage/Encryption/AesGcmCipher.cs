using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Engine.Api;

namespace Engine.Core.Storage.Encryption;

/// <summary>AES-256-GCM with 16-byte tags (the only tag size every platform supports) behind <see cref="IAeadCipher"/>.</summary>
/// <remarks>
/// <see cref="AesGcm"/> instances hold one native context and are not safe for concurrent use, so this keeps a small
/// pool of them: a call takes one, uses it and puts it back. After warm-up a call allocates nothing.
/// </remarks>
internal sealed class AesGcmCipher : IAeadCipher
{
    /// <summary>Key size in bytes: AES-256.</summary>
    public const int KeySize = 32;

    /// <summary>Tag size in bytes.</summary>
    public const int TagSize = 16;

    /// <summary>Nonce size in bytes.</summary>
    public const int NonceSize = 12;

    private readonly byte[] _key;
    private readonly ConcurrentBag<AesGcm> _pool = [];
    private volatile bool _disposed;

    /// <summary>Creates the cipher for a 32-byte key; the key is copied.</summary>
    public AesGcmCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"an AES-256 key is {KeySize} bytes, not {key.Length}", nameof(key));
        }

        EnsureSupported();
        _key = key.ToArray();
    }

    /// <summary>Throws a clear <see cref="StorageException"/> when the platform has no AES-GCM.</summary>
    public static void EnsureSupported()
    {
        if (!AesGcm.IsSupported)
        {
            throw new StorageException(
                StorageErrorCode.FailedPrecondition,
                "AES-GCM is not supported on this platform (System.Security.Cryptography.AesGcm.IsSupported is false); an encrypted store cannot be opened here.");
        }
    }

    public void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        AesGcm aes = Rent();
        try
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            Return(aes);
        }
    }

    public bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        AesGcm aes = Rent();
        try
        {
            // On a tag mismatch AesGcm clears the destination before it throws, so no unauthenticated byte escapes.
            aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            Return(aes);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_pool.TryTake(out AesGcm? aes))
        {
            aes.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
    }

    private AesGcm Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _pool.TryTake(out AesGcm? aes) ? aes : new AesGcm(_key, TagSize);
    }

    private void Return(AesGcm aes)
    {
        if (_disposed)
        {
            aes.Dispose();
            return;
        }

        _pool.Add(aes);
    }
}
