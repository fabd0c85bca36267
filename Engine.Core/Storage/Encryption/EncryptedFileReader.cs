using System;
using System.Buffers;
using Engine.Api;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// Reads the plaintext of an encrypted file: opens and checks its header, maps its frames once, then serves
/// positional reads by authenticating and decrypting whole frames. Never returns a byte that did not authenticate.
/// </summary>
/// <remarks>Thread-safe: reads share no state but the immutable map; owns the file's cipher, not the source.</remarks>
internal sealed class EncryptedFileReader : IDisposable
{
    private readonly ICiphertextSource _source;
    private readonly FileCipher? _cipher;
    private readonly string _path;

    private EncryptedFileReader(ICiphertextSource source, FileCipher? cipher, FrameMap map, string path)
    {
        _source = source;
        _cipher = cipher;
        Map = map;
        _path = path;
    }

    /// <summary>The frame map built at open.</summary>
    public FrameMap Map { get; }

    /// <summary>The file's cipher; null for a file whose header was never completely written (an empty file).</summary>
    public FileCipher? Cipher => _cipher;

    /// <summary>The plaintext length.</summary>
    public long Length => Map.PlainLength;

    /// <summary>The page size of the file's frames (the default for a headerless file).</summary>
    public int PageSize => _cipher?.PageSize ?? (1 << EncryptedFileFormat.DefaultPageShift);

    /// <summary>
    /// Opens the file behind <paramref name="source"/>. A file shorter than a header, or whose header is all zeros, is a
    /// creation cut short by a crash and reads as empty.
    /// </summary>
    /// <exception cref="DecryptionFailedException">Not an encrypted file, wrong or missing key, damaged header or frame header.</exception>
    public static EncryptedFileReader Open(ICiphertextSource source, IKeyring keyring, string path, bool allowRegular = true)
    {
        Span<byte> header = stackalloc byte[EncryptedFileFormat.HeaderSize];
        int read = source.Length < EncryptedFileFormat.HeaderSize ? 0 : source.Read(0, header);
        if (read < EncryptedFileFormat.HeaderSize || !header.ContainsAnyExcept((byte)0))
        {
            return new EncryptedFileReader(source, null, FrameMap.Regular(0, 1 << EncryptedFileFormat.DefaultPageShift, 0, null), path);
        }

        FileCipher cipher = FileCipher.Open(keyring, path, header);
        try
        {
            return new EncryptedFileReader(source, cipher, FrameScanner.Build(source, cipher, path, allowRegular), path);
        }
        catch
        {
            cipher.Dispose();
            throw;
        }
    }

    /// <summary>Reads up to <c>destination.Length</c> plaintext bytes at <paramref name="offset"/>; fewer only at the end.</summary>
    /// <exception cref="DecryptionFailedException">A frame the read needs does not authenticate.</exception>
    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        FrameMap map = Map;
        if (offset >= map.PlainLength || destination.IsEmpty)
        {
            return 0;
        }

        int count = (int)Math.Min(destination.Length, map.PlainLength - offset);
        byte[] scratch = ArrayPool<byte>.Shared.Rent((PageSize * 2) + EncryptedFileFormat.FrameOverhead);
        try
        {
            int done = 0;
            int index = map.IndexOf(offset);
            while (done < count)
            {
                FrameExtent extent = map[index++];
                ReadOnlySpan<byte> plain = DecryptFrame(extent, scratch);
                long position = offset + done;
                int take = (int)Math.Min(extent.PlainEnd - position, count - done);
                plain.Slice((int)(position - extent.FramePlainOffset), take).CopyTo(destination[done..]);
                done += take;
            }

            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public void Dispose() => _cipher?.Dispose();

    /// <summary>Reads, checks and decrypts the frame of <paramref name="extent"/>; its plaintext is in the returned span.</summary>
    private ReadOnlySpan<byte> DecryptFrame(FrameExtent extent, byte[] scratch)
    {
        int frameSize = EncryptedFileFormat.FrameOverhead + extent.FrameLength;
        Span<byte> frame = scratch.AsSpan(0, frameSize);
        Span<byte> plain = scratch.AsSpan(frameSize, extent.FrameLength);
        if (_source.Read(extent.CipherOffset, frame) != frameSize)
        {
            throw new DecryptionFailedException(_path, extent.CipherOffset, "the file is shorter than its frames: it changed after it was opened");
        }

        FrameHeader header = FrameHeader.Read(frame);
        if (header.PlainOffset != extent.FramePlainOffset || header.Length != extent.FrameLength)
        {
            throw new DecryptionFailedException(
                _path, extent.CipherOffset, $"frame header says offset {header.PlainOffset}, length {header.Length}; the layout says {extent.FramePlainOffset}, {extent.FrameLength}");
        }

        if (!_cipher!.TryOpenFrame(frame, plain))
        {
            throw new DecryptionFailedException(_path, extent.CipherOffset, "frame does not authenticate: the ciphertext was changed or the file is damaged");
        }

        return plain;
    }
}
