using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Threading;
using Engine.Api;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// Writes an encrypted file: appended plaintext is held until its page fills, then sealed as one frame; a partial page
/// is sealed as a frame of its own at <see cref="Flush"/>, <see cref="Sync"/> and <see cref="Dispose"/>. Frames are
/// only ever appended: later bytes of a partly written page go into a new frame, so a synced frame is never rewritten.
/// </summary>
/// <remarks>
/// <para>
/// Nonces: every frame takes the next value of a 64-bit counter, which never goes down while the file is open. A file
/// opened for append continues past the largest counter in it plus a random gap of up to 2^32, so that a counter whose
/// frame a crash lost is reused only with negligible chance. The per-file key makes counters safe to restart in
/// another file.
/// </para>
/// <para>One writer at a time; <see cref="Length"/> may be read from any thread.</para>
/// </remarks>
internal sealed class EncryptedWritableFile : IWritableFile
{
    private readonly IFileSystem _innerFs;
    private readonly IWritableFile _inner;
    private readonly FileCipher _cipher;
    private readonly byte[] _page;
    private readonly byte[] _frame;

    // The plaintext offset of _page[0] and how many bytes it holds; the held bytes never cross a page boundary.
    private long _bufferStart;
    private int _buffered;

    // The raw length the frames written so far make; a failed append may leave more behind, which is cut first.
    private long _rawLength;
    private ulong _nextCounter;
    private long _length;
    private bool _disposed;

    private EncryptedWritableFile(IFileSystem innerFs, IWritableFile inner, FileCipher cipher, long plainLength, long rawLength, ulong nextCounter)
    {
        _innerFs = innerFs;
        _inner = inner;
        _cipher = cipher;
        _page = new byte[cipher.PageSize];
        _frame = new byte[cipher.PageSize + EncryptedFileFormat.FrameOverhead];
        _bufferStart = plainLength;
        _rawLength = rawLength;
        _nextCounter = nextCounter;
        _length = plainLength;
    }

    public string Path => _inner.Path;

    public long Length => Volatile.Read(ref _length);

    /// <summary>The id of the key the file is written with.</summary>
    public uint KeyId => _cipher.KeyId;

    /// <summary>Creates (or replaces) <paramref name="path"/> with a new header under the keyring's current key.</summary>
    public static EncryptedWritableFile Create(IFileSystem innerFs, IKeyring keyring, string path, Action<Span<byte>>? fill = null)
    {
        byte[] header = new byte[EncryptedFileFormat.HeaderSize];
        FileCipher cipher = FileCipher.CreateNew(keyring, path, header, fill);
        IWritableFile? inner = null;
        try
        {
            inner = innerFs.Create(path);
            inner.Append(header);
            return new EncryptedWritableFile(innerFs, inner, cipher, 0, EncryptedFileFormat.HeaderSize, 0);
        }
        catch
        {
            inner?.Dispose();
            cipher.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> to append after its last authenticated frame, cutting any torn tail. A file whose
    /// header was never completely written starts over with a new header.
    /// </summary>
    public static EncryptedWritableFile OpenForAppend(IFileSystem innerFs, IKeyring keyring, string path)
    {
        long plainLength;
        long rawEnd;
        ulong? maxCounter;
        bool headerless;
        using (IReadableFile raw = innerFs.OpenRead(path))
        {
            using EncryptedFileReader reader = EncryptedFileReader.Open(new ReadableCiphertextSource(raw), keyring, path, allowRegular: false);
            headerless = reader.Cipher is null;
            plainLength = reader.Length;
            rawEnd = reader.Map.CipherEnd;
            maxCounter = reader.Map.MaxCounter;
        }

        if (headerless)
        {
            return Create(innerFs, keyring, path);
        }

        FileCipher? cipher = null;
        IWritableFile? inner = null;
        try
        {
            Span<byte> header = stackalloc byte[EncryptedFileFormat.HeaderSize];
            using (IReadableFile raw = innerFs.OpenRead(path))
            {
                _ = new ReadableCiphertextSource(raw).Read(0, header);
            }

            cipher = FileCipher.Open(keyring, path, header);
            inner = innerFs.OpenForAppend(path);
            if (inner.Length != rawEnd)
            {
                inner.Truncate(rawEnd);
            }

            // Counters this high come only from a damaged or forged frame header: appending could exhaust them.
            if (maxCounter > ulong.MaxValue - (1UL << 40))
            {
                throw new DecryptionFailedException(path, rawEnd, $"frame counter {maxCounter} leaves no room to append: the file is damaged");
            }

            ulong next = maxCounter is ulong m ? m + 1 + RandomGap() : 0;
            EncryptedWritableFile file = new(innerFs, inner, cipher, plainLength, rawEnd, next);
            inner = null;
            cipher = null;
            return file;
        }
        finally
        {
            inner?.Dispose();
            cipher?.Dispose();
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int pageSize = _page.Length;
        while (!data.IsEmpty)
        {
            long position = _bufferStart + _buffered;
            int room = pageSize - (int)(position % pageSize);
            int n = Math.Min(room, data.Length);
            data[..n].CopyTo(_page.AsSpan(_buffered));
            _buffered += n;
            data = data[n..];
            Volatile.Write(ref _length, _bufferStart + _buffered);
            if (n == room)
            {
                EmitFrame(force: false);
            }
        }
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EmitFrame(force: false);
        _inner.Flush();
    }

    public void Sync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EmitFrame(force: false);
        _inner.Sync();
    }

    /// <summary>
    /// Cuts the plaintext to <paramref name="length"/> bytes (or extends it with zeros). Frames holding only bytes past
    /// the cut are removed; a frame the cut falls inside is kept whole, and a zero-length frame records the cut, so no
    /// byte before the cut is ever rewritten or exposed to a crash.
    /// </summary>
    public void Truncate(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (length >= _bufferStart)
        {
            long current = _bufferStart + _buffered;
            if (length > current)
            {
                AppendZeros(length - current);
            }
            else
            {
                _buffered = (int)(length - _bufferStart);
                Volatile.Write(ref _length, length);
            }

            return;
        }

        _buffered = 0;
        FrameMap map;
        using (IReadableFile raw = _innerFs.OpenRead(Path))
        {
            map = FrameScanner.Build(new ReadableCiphertextSource(raw), _cipher, Path, allowRegular: false);
        }

        // Keep every frame up to the last one holding a byte below the cut; frames after it hold only later bytes.
        long keepRaw = EncryptedFileFormat.HeaderSize;
        long keptEnd = 0;
        for (int i = 0; i < map.Count; i++)
        {
            FrameExtent extent = map[i];
            if (extent.PlainStart < length && extent.CipherOffset + EncryptedFileFormat.FrameOverhead + extent.FrameLength > keepRaw)
            {
                keepRaw = extent.CipherOffset + EncryptedFileFormat.FrameOverhead + extent.FrameLength;
                keptEnd = extent.FramePlainOffset + extent.FrameLength;
            }
        }

        _inner.Truncate(keepRaw);
        _rawLength = keepRaw;
        _bufferStart = length;
        Volatile.Write(ref _length, length);
        if (keptEnd > length)
        {
            EmitFrame(force: true);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            EmitFrame(force: false);
        }
        finally
        {
            _inner.Dispose();
            _cipher.Dispose();
            CryptographicOperations.ZeroMemory(_page);
        }
    }

    private static ulong RandomGap()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    private void AppendZeros(long count)
    {
        Span<byte> zeros = stackalloc byte[256];
        zeros.Clear();
        while (count > 0)
        {
            int n = (int)Math.Min(zeros.Length, count);
            Append(zeros[..n]);
            count -= n;
        }
    }

    /// <summary>Seals the held bytes as one frame and appends it; with <paramref name="force"/>, even when none are held (a cut).</summary>
    private void EmitFrame(bool force)
    {
        if (_buffered == 0 && !force)
        {
            return;
        }

        if (_inner.Length != _rawLength)
        {
            // A failed append left part of a frame behind: cut it, so frames stay contiguous.
            _inner.Truncate(_rawLength);
        }

        // The counter moves before the append: a frame that failed half-written never shares a nonce with its retry.
        ulong counter = _nextCounter;
        _nextCounter = checked(counter + 1);
        FrameHeader header = new(_bufferStart, _buffered, counter);
        Span<byte> frame = _frame.AsSpan(0, header.FrameSize);
        _cipher.SealFrame(header, _page.AsSpan(0, _buffered), frame);
        _inner.Append(frame);
        _rawLength += frame.Length;
        _bufferStart += _buffered;
        _buffered = 0;
    }
}
