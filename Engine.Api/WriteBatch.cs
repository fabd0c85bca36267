using System;

namespace Engine.Api;

/// <summary>Operations committed atomically by <see cref="Database.Write"/>: all of them or none.</summary>
/// <remarks>One owner; not thread-safe. Reusable after <see cref="Clear"/>. Dispose returns its buffer to the pool.</remarks>
public sealed class WriteBatch : IDisposable
{
    internal Engine.Lsm.Batch.WriteBatch Inner { get; } = new();

    /// <summary>The number of operations in the batch.</summary>
    public int Count => Inner.Count;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    /// <exception cref="Engine.Core.Errors.StorageException">The key is empty or too long, or the value too long (InvalidArgument).</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Inner.Put(key, value);

    /// <summary>Deletes <paramref name="key"/>.</summary>
    /// <exception cref="Engine.Core.Errors.StorageException">The key is empty or too long (InvalidArgument).</exception>
    public void Delete(ReadOnlySpan<byte> key) => Inner.Delete(key);

    /// <summary>Deletes every key in <c>[start, end)</c>.</summary>
    /// <exception cref="Engine.Core.Errors.StorageException"><paramref name="start"/> is not below <paramref name="end"/> (InvalidArgument).</exception>
    public void DeleteRange(ReadOnlySpan<byte> start, ReadOnlySpan<byte> end) => Inner.DeleteRange(start, end);

    /// <summary>Removes every operation; keeps the buffer.</summary>
    public void Clear() => Inner.Clear();

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => Inner.Dispose();
}
