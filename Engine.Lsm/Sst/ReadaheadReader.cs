using System;
using System.Buffers;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;

namespace Engine.Lsm.Sst;

/// <summary>
/// Reads a table front to back with large positional reads into one pooled buffer, for compaction: the input's bytes
/// pass through the buffer instead of the table's mapping, so a compaction does not leave the whole input resident in
/// the process (mapped pages a scan touches count as the process's memory until the table is unmapped).
/// </summary>
/// <remarks>
/// A request inside the buffered window is served from it; any other refills the window starting at the request, so
/// forward reads cost one system call per window and backward reads still work, one refill each. Spans stay valid until
/// the next <see cref="Read"/>. Owns the file. One thread.
/// </remarks>
internal sealed class ReadaheadReader : IDisposable
{
    /// <summary>The default window: large enough that a read costs little per block, small enough to pool.</summary>
    public const int DefaultWindowBytes = 256 << 10;

    private readonly IReadableFile _file;
    private byte[] _buffer;
    private long _start;
    private int _length;

    /// <param name="file">The table, read by positional reads; disposed with the reader.</param>
    /// <param name="windowBytes">The bytes each refill asks for (more when one request is larger).</param>
    public ReadaheadReader(IReadableFile file, int windowBytes = DefaultWindowBytes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowBytes, 1);
        _file = file;
        _buffer = ArrayPool<byte>.Shared.Rent(windowBytes);
    }

    /// <summary>The path of the file being read.</summary>
    public string Path => _file.Path;

    /// <summary>
    /// The <paramref name="length"/> bytes at <paramref name="offset"/>, from the window or after refilling it; valid
    /// until the next call.
    /// </summary>
    /// <exception cref="CorruptionException">The file ends before the requested bytes.</exception>
    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        if (offset >= _start && offset + length <= _start + _length)
        {
            return _buffer.AsSpan((int)(offset - _start), length);
        }

        if (length > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _buffer = ArrayPool<byte>.Shared.Rent(length);
        }

        long available = Math.Max(0, _file.Length - offset);
        int wanted = (int)Math.Min(_buffer.Length, available);
        int read = wanted < length ? 0 : _file.Read(offset, _buffer.AsSpan(0, wanted));
        if (read < length)
        {
            _length = 0;
            ThrowHelper.ThrowCorruption(_file.Path, offset, $"the file ends before the {length} bytes at this offset");
        }

        _start = offset;
        _length = read;
        return _buffer.AsSpan(0, length);
    }

    /// <summary>Returns the buffer to the pool and closes the file.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _file.Dispose();
    }
}
