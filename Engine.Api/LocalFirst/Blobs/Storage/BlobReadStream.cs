using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Engine.Api.LocalFirst.Blobs.Storage;

/// <summary>
/// A read-only, seekable stream over a range of a stored body, loading chunks or file segments only as they are read.
/// When the range is the whole body, the bytes read in order are hashed as they pass, and the read that reaches the end
/// checks the SHA-256 against the manifest: a mismatch throws <see cref="CorruptionException"/> there, and again on every
/// later read at the end. A seek forward past unread bytes gives that check up; re-reading bytes already hashed does not.
/// </summary>
/// <remarks>One reader at a time, like any <see cref="Stream"/>. Dispose releases the snapshot or file behind it.</remarks>
internal sealed class BlobReadStream : Stream
{
    private readonly BlobSource _source;
    private readonly long _start;
    private readonly long _length;
    private readonly byte[] _sha256;
    private readonly string _storeName;
    private readonly byte[] _key;
    private IncrementalHash? _hash;
    private long _hashed;
    private CorruptionException? _mismatch;
    private long _position;
    private bool _disposed;

    public BlobReadStream(BlobSource source, long start, long length, byte[] sha256, string storeName, byte[] key)
    {
        _source = source;
        _start = start;
        _length = length;
        _sha256 = sha256;
        _storeName = storeName;
        _key = key;
        if (start == 0 && length == source.Length)
        {
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _length;
        }
    }

    public override long Position
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ObjectDisposedException.ThrowIf(_disposed, this);
            _position = value;
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long remaining = _length - _position;
        if (remaining <= 0)
        {
            VerifyAtEnd();
            return 0;
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        int wanted = (int)Math.Min(buffer.Length, remaining);
        int total = 0;
        while (total < wanted)
        {
            total += _source.Read(_start + _position + total, buffer[total..wanted]);
        }

        Hash(buffer[..total]);
        _position += total;
        if (_position == _length)
        {
            VerifyAtEnd();
        }

        return total;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    // The work underneath is synchronous (the engine and positional file reads): complete synchronously.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<int>(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "a defined origin"),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("A blob stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A blob stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _hash?.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Hashes the bytes just read at <see cref="_position"/> that the hash has not seen yet.</summary>
    private void Hash(ReadOnlySpan<byte> read)
    {
        if (_hash is null)
        {
            return;
        }

        if (_position > _hashed)
        {
            // A seek skipped bytes the hash never saw: the whole-body check is no longer possible.
            _hash.Dispose();
            _hash = null;
            return;
        }

        long seen = _hashed - _position;
        if (seen < read.Length)
        {
            _hash.AppendData(read[(int)seen..]);
            _hashed = _position + read.Length;
        }
    }

    private void VerifyAtEnd()
    {
        if (_mismatch is not null)
        {
            throw _mismatch;
        }

        if (_hash is null || _hashed != _length)
        {
            return;
        }

        Span<byte> actual = stackalloc byte[32];
        _hash.GetHashAndReset(actual);
        _hash.Dispose();
        _hash = null;
        if (!actual.SequenceEqual(_sha256))
        {
            _mismatch = new CorruptionException(_storeName, _key, $"the blob's SHA-256 is {Convert.ToHexStringLower(actual)}, not {Convert.ToHexStringLower(_sha256)}");
            throw _mismatch;
        }
    }
}
