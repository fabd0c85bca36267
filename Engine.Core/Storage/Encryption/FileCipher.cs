using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Engine.Api;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// The cipher of one encrypted file: its key (HKDF-SHA256 of the data key and the file's salt), its file id and page
/// size; seals and opens the header and the frames (formats in <see cref="EncryptedFileFormat"/>).
/// </summary>
/// <remarks>Thread-safe; owns its <see cref="IAeadCipher"/>.</remarks>
internal sealed class FileCipher : IDisposable
{
    private readonly IAeadCipher _cipher;
    private readonly byte[] _fileId;

    private FileCipher(IAeadCipher cipher, ReadOnlySpan<byte> fileId, uint keyId, int pageShift)
    {
        _cipher = cipher;
        _fileId = fileId.ToArray();
        KeyId = keyId;
        PageShift = pageShift;
    }

    /// <summary>The id of the data key the file key derives from.</summary>
    public uint KeyId { get; }

    /// <summary>log2 of the page size.</summary>
    public int PageShift { get; }

    /// <summary>The page size in bytes: no frame crosses a multiple of it.</summary>
    public int PageSize => 1 << PageShift;

    /// <summary>
    /// Creates the header of a new file (fresh salt and file id, the keyring's current key) into
    /// <paramref name="header"/> and returns its cipher.
    /// </summary>
    public static FileCipher CreateNew(IKeyring keyring, string path, Span<byte> header, Action<Span<byte>>? fill = null)
    {
        fill ??= RandomNumberGenerator.Fill;
        uint keyId = keyring.CurrentKeyId;
        header[..EncryptedFileFormat.HeaderSize].Clear();
        EncryptedFileFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[EncryptedFileFormat.VersionOffset..], EncryptedFileFormat.Version);
        header[EncryptedFileFormat.PageShiftOffset] = EncryptedFileFormat.DefaultPageShift;
        BinaryPrimitives.WriteUInt32LittleEndian(header[EncryptedFileFormat.KeyIdOffset..], keyId);
        fill(header.Slice(EncryptedFileFormat.SaltOffset, EncryptedFileFormat.SaltSize));
        fill(header.Slice(EncryptedFileFormat.FileIdOffset, EncryptedFileFormat.FileIdSize));
        return SealHeader(keyring, path, header);
    }

    /// <summary>
    /// Derives the cipher of a header whose fields are set and writes its tag (new files; the fuzz target reseals
    /// mutated headers with it).
    /// </summary>
    public static FileCipher SealHeader(IKeyring keyring, string path, Span<byte> header)
    {
        uint keyId = BinaryPrimitives.ReadUInt32LittleEndian(header[EncryptedFileFormat.KeyIdOffset..]);
        int pageShift = Math.Clamp((int)header[EncryptedFileFormat.PageShiftOffset], EncryptedFileFormat.MinPageShift, EncryptedFileFormat.MaxPageShift);
        FileCipher cipher = Derive(keyring, keyId, header, pageShift, path);
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceSize];
        HeaderNonce(nonce);
        cipher._cipher.Seal(nonce, [], [], header.Slice(EncryptedFileFormat.TagOffset, AesGcmCipher.TagSize), header[..EncryptedFileFormat.HeaderAuthenticatedSize]);
        return cipher;
    }

    /// <summary>
    /// Checks a complete header read from <paramref name="path"/> and returns the file's cipher.
    /// </summary>
    /// <exception cref="DecryptionFailedException">Not an encrypted file, an unknown key id, or the header does not authenticate (wrong key, changed bytes).</exception>
    /// <exception cref="UnsupportedFormatVersionException">A newer format version.</exception>
    public static FileCipher Open(IKeyring keyring, string path, ReadOnlySpan<byte> header)
    {
        if (!header[..EncryptedFileFormat.Magic.Length].SequenceEqual(EncryptedFileFormat.Magic))
        {
            throw new DecryptionFailedException(path, -1, "the file is not encrypted (no encrypted-file header)");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[EncryptedFileFormat.VersionOffset..]);
        if (version != EncryptedFileFormat.Version)
        {
            throw new UnsupportedFormatVersionException(path, version, EncryptedFileFormat.Version);
        }

        int pageShift = header[EncryptedFileFormat.PageShiftOffset];
        if (pageShift is < EncryptedFileFormat.MinPageShift or > EncryptedFileFormat.MaxPageShift || header[EncryptedFileFormat.PageShiftOffset + 1] != 0)
        {
            throw new DecryptionFailedException(path, -1, $"the encrypted-file header is damaged (page shift {pageShift})");
        }

        uint keyId = BinaryPrimitives.ReadUInt32LittleEndian(header[EncryptedFileFormat.KeyIdOffset..]);
        FileCipher cipher = Derive(keyring, keyId, header, pageShift, path);
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceSize];
        HeaderNonce(nonce);
        if (!cipher._cipher.TryOpen(nonce, [], header.Slice(EncryptedFileFormat.TagOffset, AesGcmCipher.TagSize), [], header[..EncryptedFileFormat.HeaderAuthenticatedSize]))
        {
            cipher.Dispose();
            throw new DecryptionFailedException(path, -1, $"the file header does not authenticate with key {keyId}: the wrong key, or the header was changed");
        }

        return cipher;
    }

    /// <summary>Writes a whole frame (header, ciphertext, tag) into <paramref name="frame"/>, which is exactly its size.</summary>
    public void SealFrame(FrameHeader header, ReadOnlySpan<byte> plaintext, Span<byte> frame)
    {
        header.Write(frame);
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceSize];
        Span<byte> associated = stackalloc byte[EncryptedFileFormat.FileIdSize + EncryptedFileFormat.FrameHeaderSize];
        FrameNonce(header.Counter, nonce);
        FrameAssociatedData(frame, associated);
        _cipher.Seal(
            nonce,
            plaintext,
            frame.Slice(EncryptedFileFormat.FrameHeaderSize, plaintext.Length),
            frame.Slice(EncryptedFileFormat.FrameHeaderSize + plaintext.Length, AesGcmCipher.TagSize),
            associated);
    }

    /// <summary>
    /// Authenticates a whole frame (as sized by its header) and decrypts its plaintext into
    /// <paramref name="plaintext"/> (exactly the frame's length); false when it does not authenticate.
    /// </summary>
    public bool TryOpenFrame(ReadOnlySpan<byte> frame, Span<byte> plaintext)
    {
        int length = frame.Length - EncryptedFileFormat.FrameOverhead;
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceSize];
        Span<byte> associated = stackalloc byte[EncryptedFileFormat.FileIdSize + EncryptedFileFormat.FrameHeaderSize];
        FrameNonce(BinaryPrimitives.ReadUInt64LittleEndian(frame[12..]), nonce);
        FrameAssociatedData(frame, associated);
        return _cipher.TryOpen(
            nonce,
            frame.Slice(EncryptedFileFormat.FrameHeaderSize, length),
            frame.Slice(EncryptedFileFormat.FrameHeaderSize + length, AesGcmCipher.TagSize),
            plaintext[..length],
            associated);
    }

    public void Dispose() => _cipher.Dispose();

    private static FileCipher Derive(IKeyring keyring, uint keyId, ReadOnlySpan<byte> header, int pageShift, string path)
    {
        Span<byte> dataKey = stackalloc byte[AesGcmCipher.KeySize];
        Span<byte> fileKey = stackalloc byte[AesGcmCipher.KeySize];
        try
        {
            if (!keyring.TryCopyKey(keyId, dataKey))
            {
                throw new DecryptionFailedException(path, -1, $"the file is encrypted with key {keyId}, which the key provider does not hold");
            }

            HKDF.DeriveKey(
                HashAlgorithmName.SHA256,
                dataKey,
                fileKey,
                header.Slice(EncryptedFileFormat.SaltOffset, EncryptedFileFormat.SaltSize),
                EncryptedFileFormat.FileKeyInfo);
            return new FileCipher(new AesGcmCipher(fileKey), header.Slice(EncryptedFileFormat.FileIdOffset, EncryptedFileFormat.FileIdSize), keyId, pageShift);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    // Frame nonces end in four zero bytes and the header's in four 0xFF bytes, so they never meet.
    private static void FrameNonce(ulong counter, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(nonce, counter);
        nonce[8..].Clear();
    }

    private static void HeaderNonce(Span<byte> nonce)
    {
        nonce[..8].Clear();
        nonce[8..].Fill(0xFF);
    }

    private void FrameAssociatedData(ReadOnlySpan<byte> frame, Span<byte> associated)
    {
        _fileId.CopyTo(associated);
        frame[..EncryptedFileFormat.FrameHeaderSize].CopyTo(associated[EncryptedFileFormat.FileIdSize..]);
    }
}
