using System;
using Engine.Api.Sync.Store;

namespace Engine.Api.Sync.Tee;

/// <summary>A read-only stream over bytes the tee already read and compared (an asset's content).</summary>
/// <remarks>One reader at a time.</remarks>
internal sealed class TeeBytesStream(byte[] bytes) : ReadOnlyStream
{
    private int _position;

    public override long Length => bytes.Length;

    protected override long BytesRead => _position;

    public override int Read(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, bytes.Length - _position);
        bytes.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
