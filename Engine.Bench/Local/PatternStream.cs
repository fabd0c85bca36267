using System.Buffers.Binary;
using Engine.Bench.Kv;

namespace Engine.Bench.Local;

/// <summary>
/// A read-only, forward-only stream of <paramref name="length"/> pseudo-random bytes from a splitmix64 seeded with
/// <paramref name="seed"/>: a blob's source that never holds the blob in memory, and different for each seed so that
/// no content-addressed store deduplicates two blobs.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class PatternStream(ulong seed, long length) : Stream
{
    private SplitMix64 _rng = new(seed);
    private long _position;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - _position);
        int i = 0;
        for (; i + 8 <= count; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer[i..], _rng.Next());
        }

        for (ulong last = _rng.Next(); i < count; i++, last >>= 8)
        {
            buffer[i] = (byte)last;
        }

        _position += count;
        return count;
    }

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
