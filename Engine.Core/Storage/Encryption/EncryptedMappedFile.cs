using System;
using System.Threading;
using Engine.Api;

namespace Engine.Core.Storage.Encryption;

/// <summary>
/// A "mapping" of an encrypted file: the ciphertext stays mapped, and each page is authenticated and decrypted into a
/// plaintext buffer the first time a span touches it, so memory follows what is read (footer, index, filter) rather
/// than the file's size.
/// </summary>
/// <remarks>
/// <para>
/// Safe for concurrent readers: a page is decrypted under a striped lock and published by a volatile state write;
/// spans are handed out only over published pages. The buffer is a managed array allocated uninitialized, so the
/// operating system backs its pages only as they are written; spans taken from it stay valid for as long as they are
/// referenced, but taking one after <see cref="Dispose"/> throws, as the local mapping does.
/// </para>
/// <para>A page that does not authenticate throws <see cref="DecryptionFailedException"/> on every access and is never published.</para>
/// </remarks>
internal sealed class EncryptedMappedFile : IMappedFile
{
    private const int LockStripes = 16;

    private readonly IMappedFile _inner;
    private readonly EncryptedFileReader _reader;
    private readonly byte[] _plain;

    // 1 once a page's plaintext is in _plain; written under the page's lock, read without it.
    private readonly int[] _pageReady;
    private readonly object[] _locks;
    private readonly int _pageShift;
    private volatile bool _disposed;

    private EncryptedMappedFile(IMappedFile inner, EncryptedFileReader reader)
    {
        _inner = inner;
        _reader = reader;
        long length = reader.Length;
        if (length > Array.MaxLength)
        {
            throw new StorageException(StorageErrorCode.ResourceExhausted, $"'{inner.Path}' is too large ({length} bytes) to map encrypted");
        }

        _plain = GC.AllocateUninitializedArray<byte>((int)length);
        _pageShift = System.Numerics.BitOperations.Log2((uint)reader.PageSize);
        _pageReady = new int[(int)((length + reader.PageSize - 1) >> _pageShift)];
        _locks = new object[LockStripes];
        for (int i = 0; i < _locks.Length; i++)
        {
            _locks[i] = new object();
        }
    }

    public string Path => _inner.Path;

    public long Length => _plain.Length;

    /// <summary>Maps the plaintext of <paramref name="inner"/>; takes ownership of it.</summary>
    public static EncryptedMappedFile Open(IMappedFile inner, IKeyring keyring)
    {
        EncryptedFileReader? reader = null;
        try
        {
            reader = EncryptedFileReader.Open(new MappedCiphertextSource(inner), keyring, inner.Path);
            return new EncryptedMappedFile(inner, reader);
        }
        catch
        {
            reader?.Dispose();
            inner.Dispose();
            throw;
        }
    }

    public ReadOnlySpan<byte> GetSpan(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((ulong)offset > (ulong)_plain.Length || (uint)length > (ulong)(_plain.Length - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"bytes [{offset}, {offset} + {length}) are outside '{Path}' ({_plain.Length} bytes)");
        }

        if (length > 0)
        {
            int first = (int)(offset >> _pageShift);
            int last = (int)((offset + length - 1) >> _pageShift);
            for (int page = first; page <= last; page++)
            {
                if (Volatile.Read(ref _pageReady[page]) == 0)
                {
                    DecryptPage(page);
                }
            }
        }

        return _plain.AsSpan((int)offset, length);
    }

    public void Dispose()
    {
        _disposed = true;
        _reader.Dispose();
        _inner.Dispose();
    }

    private void DecryptPage(int page)
    {
        lock (_locks[page % LockStripes])
        {
            if (_pageReady[page] != 0)
            {
                return;
            }

            int start = page << _pageShift;
            int count = Math.Min(1 << _pageShift, _plain.Length - start);

            // Nothing reads this page of _plain until it is published, so a failed read leaves nothing visible.
            _ = _reader.Read(start, _plain.AsSpan(start, count));
            Volatile.Write(ref _pageReady[page], 1);
        }
    }
}
