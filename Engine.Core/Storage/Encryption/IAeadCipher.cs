using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// An authenticated cipher with one key: the seam between the frame layer and the algorithm, so that tests and a
/// future algorithm plug in without touching the formats.
/// </summary>
/// <remarks>Thread-safe: concurrent readers of one file share one instance.</remarks>
internal interface IAeadCipher : IDisposable
{
    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag.</summary>
    void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>
    /// Authenticates and decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/>; false when the tag
    /// does not match, and then <paramref name="plaintext"/> holds no decrypted bytes.
    /// </summary>
    bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);
}
