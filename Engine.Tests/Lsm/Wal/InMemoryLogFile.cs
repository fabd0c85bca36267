using Engine.Core.Storage;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Lsm.Wal;

/// <summary>
/// A log file in memory for the log writer and reader tests: appends, positional reads, truncation, one-shot
/// failures of Append or Sync, and direct access to the bytes so a test can damage them.
/// </summary>
/// <remarks>One thread.</remarks>
internal sealed class InMemoryLogFile : IWritableFile, IReadableFile
{
    private byte[] _data;
    private int _length;

    public InMemoryLogFile(string path = "000007.log", int capacity = 1 << 16)
    {
        Path = path;
        _data = new byte[capacity];
    }

    public InMemoryLogFile(byte[] content, string path = "000007.log")
        : this(path, Math.Max(content.Length, 16))
    {
        content.CopyTo(_data, 0);
        _length = content.Length;
    }

    public string Path { get; }

    public long Length => _length;

    /// <summary>The length at the last completed <see cref="Sync"/>.</summary>
    public long SyncedLength { get; private set; }

    public int AppendCount { get; private set; }

    public int SyncCount { get; private set; }

    public bool IsDisposed { get; private set; }

    /// <summary>When set, the next <see cref="Append"/> throws (once) without writing anything.</summary>
    public bool FailNextAppend { get; set; }

    /// <summary>When set, the next <see cref="Sync"/> throws (once).</summary>
    public bool FailNextSync { get; set; }

    /// <summary>The bytes written so far, writable so that a test can damage them.</summary>
    public Span<byte> Bytes => _data.AsSpan(0, _length);

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (FailNextAppend)
        {
            FailNextAppend = false;
            throw new StorageException(StorageErrorCode.Unavailable, "injected append failure");
        }

        if (_data.Length - _length < data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + data.Length));
        }

        data.CopyTo(_data.AsSpan(_length));
        _length += data.Length;
        AppendCount++;
    }

    public void Sync()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (FailNextSync)
        {
            FailNextSync = false;
            throw new StorageException(StorageErrorCode.Unavailable, "injected sync failure");
        }

        SyncedLength = _length;
        SyncCount++;
    }

    public void Truncate(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = (int)length;
    }

    public int Read(long offset, Span<byte> destination)
    {
        if (offset >= _length)
        {
            return 0;
        }

        int n = (int)Math.Min(destination.Length, _length - offset);
        _data.AsSpan((int)offset, n).CopyTo(destination);
        return n;
    }

    public void FlipBit(long offset, int bit) => _data[offset] ^= (byte)(1 << bit);

    public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();

    public void Dispose() => IsDisposed = true;
}
