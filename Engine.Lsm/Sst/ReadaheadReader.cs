using System;
using System.Buffers;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;

namespace Engine.Lsm.Sst;

/// <summary>
/// Reads a table front to back with large positional reads into one pooled buffer: for compaction, whose input's bytes
/// then pass through the buffer instead of the table's mapping (mapped pages a scan touches count as the process's memory
/// until the table is unmapped), and for an iterator scanning a table read by positional reads, which would otherwise
/// pay one system call per block.
/// </summary>
/// <remarks>
/// A request inside the buffered window is served from it; any other refills the window starting at the request, so
/// forward reads cost one system call per window and backward reads still work, one exact read each. A reader made with
/// a smaller first window doubles it on each refill that continues the previous window, up to the full window, and falls
/// back to the first size after a jump forward, so a short scan does not pay for a long read. Spans stay valid until the next
/// <see cref="Read"/>. Owns the file unless told otherwise. One thread.
/// </remarks>
internal sealed class ReadaheadReader : IDisposable
{
    /// <summary>The default window: large enough that a read costs little per block, small enough to pool.</summary>
    public const int DefaultWindowBytes = 256 << 10;

    private readonly IReadableFile _file;
    private readonly bool _ownsFile;
    private readonly int _firstWindow;
    private readonly int _maxWindow;
    private byte[] _buffer;
    private long _start;
    private int _length;
    private int _window;

    /// <param name="file">The table, read by positional reads; disposed with the reader when <paramref name="ownsFile"/>.</param>
    /// <param name="windowBytes">The most bytes a refill asks for (more when one request is larger).</param>
    /// <param name="firstWindowBytes">The bytes the first refill asks for; 0 for <paramref name="windowBytes"/>.</param>
    /// <param name="ownsFile">False when the file belongs to someone else (it must then outlive this reader).</param>
    public ReadaheadReader(IReadableFile file, int windowBytes = DefaultWindowBytes, int firstWindowBytes = 0, bool ownsFile = true)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstWindowBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstWindowBytes, windowBytes);
        _file = file;
        _ownsFile = ownsFile;
        _maxWindow = windowBytes;
        _firstWindow = firstWindowBytes == 0 ? windowBytes : firstWindowBytes;
        _window = _firstWindow;
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

        // A refill that continues the window (the request starts in it or right after it) grows it; a jump forward starts
        // small; a jump backward reads just the request, since nothing says what follows it will be read.
        bool continues = _length > 0 && offset >= _start && offset <= _start + _length;
        _window = continues ? Math.Min(_window * 2, _maxWindow) : _firstWindow;
        long available = Math.Max(0, _file.Length - offset);
        int asked = _length > 0 && offset < _start ? length : Math.Max(_window, length);
        int wanted = (int)Math.Min(asked, available);
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

    /// <summary>Returns the buffer to the pool and closes the file if owned.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_ownsFile)
        {
            _file.Dispose();
        }
    }
}
