using System;
using System.Buffers;

namespace Engine.Core.Buffers;

/// <summary>
/// Scratch memory rented from <see cref="ArrayPool{T}.Shared"/> and returned on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Use with <c>using</c>. Mutable struct: do not copy it or make it readonly, or it may be returned twice.
/// One owner; not thread-safe.
/// </remarks>
internal struct BufferLease : IDisposable
{
    private byte[]? _array;

    private BufferLease(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    /// <summary>The number of bytes asked for; the rented array may be larger.</summary>
    public int Length { get; }

    /// <summary>The leased bytes, exactly <see cref="Length"/> long.</summary>
    public readonly Span<byte> Span => _array is null ? Span<byte>.Empty : _array.AsSpan(0, Length);

    /// <summary>The rented array itself, for APIs that take arrays; valid until disposal.</summary>
    public readonly byte[] Array => _array ?? System.Array.Empty<byte>();

    /// <summary>Rents at least <paramref name="length"/> bytes. Their content is unspecified.</summary>
    public static BufferLease Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new BufferLease(ArrayPool<byte>.Shared.Rent(length), length);
    }

    /// <summary>Returns the memory to the pool; the lease must not be used afterwards.</summary>
    public void Dispose()
    {
        byte[]? array = _array;
        _array = null;
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
