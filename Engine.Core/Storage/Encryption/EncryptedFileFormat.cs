namespace Engine.Core.Storage.Encryption;

// Encrypted file format, version 1 (docs/format/encryption.md).
//
// file   := header frame*
// header := (80 bytes)
// +---------+---------+-----------+----------+----------+------------+-----------+----------+
// | magic   | version | pageShift | reserved | key id   | salt       | file id   | tag      |
// | 8 bytes | u16 LE  | u8        | u8 (0)   | u32 LE   | 32 bytes   | 16 bytes  | 16 bytes |
// +---------+---------+-----------+----------+----------+------------+-----------+----------+
//   tag: AES-GCM over an empty plaintext, associated data = the 64 bytes before it, nonce = HeaderNonce.
//
// frame  := | plaintext offset u64 LE | length u32 LE | counter u64 LE | ciphertext (length) | tag (16) |
//   nonce = counter u64 LE ‖ 00 00 00 00; associated data = file id ‖ the 20-byte frame header.
//
// Frames never cross a page boundary of the plaintext (page = 1 << pageShift). A frame whose offset is below the
// plaintext end so far cuts the plaintext there first (a truncation); a zero-length frame is only such a cut.

/// <summary>Constants and small helpers of the encrypted file format drawn above.</summary>
internal static class EncryptedFileFormat
{
    /// <summary>The format version this code writes and reads.</summary>
    public const ushort Version = 1;

    /// <summary>Size of the file header in bytes.</summary>
    public const int HeaderSize = 80;

    /// <summary>Bytes of the header covered by its tag (all but the tag).</summary>
    public const int HeaderAuthenticatedSize = 64;

    /// <summary>Size of the salt that, with the data key, derives the file key.</summary>
    public const int SaltSize = 32;

    /// <summary>Size of the random file id, bound into every frame's associated data.</summary>
    public const int FileIdSize = 16;

    /// <summary>Size of a frame header.</summary>
    public const int FrameHeaderSize = 20;

    /// <summary>Bytes a frame adds to its plaintext: header and tag.</summary>
    public const int FrameOverhead = FrameHeaderSize + AesGcmCipher.TagSize;

    /// <summary>log2 of the page size written: 4 KiB pages keep the bytes decrypted per block read small.</summary>
    public const int DefaultPageShift = 12;

    /// <summary>Smallest page shift a reader accepts (512 bytes).</summary>
    public const int MinPageShift = 9;

    /// <summary>Largest page shift a reader accepts (64 KiB): a header cannot make a reader allocate more per read.</summary>
    public const int MaxPageShift = 16;

    /// <summary>Offsets inside the header.</summary>
    public const int VersionOffset = 8;

    /// <summary>Offset of the page shift byte.</summary>
    public const int PageShiftOffset = 10;

    /// <summary>Offset of the key id.</summary>
    public const int KeyIdOffset = 12;

    /// <summary>Offset of the salt.</summary>
    public const int SaltOffset = 16;

    /// <summary>Offset of the file id.</summary>
    public const int FileIdOffset = 48;

    /// <summary>Offset of the header tag.</summary>
    public const int TagOffset = 64;

    /// <summary>The 8-byte magic: a non-ASCII first byte and CR LF SUB, as PNG does, so text tools and transfers show damage.</summary>
    public static System.ReadOnlySpan<byte> Magic => [0x89, (byte)'E', (byte)'N', (byte)'C', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>HKDF info string, so a file key is never equal to a key derived for another purpose from the same DEK.</summary>
    public static System.ReadOnlySpan<byte> FileKeyInfo => "engine/encrypted-file/v1"u8;
}
