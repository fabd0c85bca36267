using System;
using Engine.Core.Buffers;
using Engine.Core.Encoding;
using Engine.Core.Identifiers;

namespace Engine.Api.Sync.Keys;

/// <summary>
/// Builds sync-scoped keys into one reusable buffer: <see cref="Begin"/> writes the keyspace byte and the sync id, the
/// Append methods add tuple elements, <see cref="Key"/> is the result until the next <see cref="Begin"/>.
/// </summary>
/// <remarks>Reuses its buffer, so building a key allocates nothing in steady state. One thread.</remarks>
internal sealed class KeyBuilder : IDisposable
{
    private readonly PooledBufferWriter _buffer = new(256);

    /// <summary>The key built so far; valid until the next call.</summary>
    public ReadOnlySpan<byte> Key => _buffer.WrittenSpan;

    /// <summary>Starts a key of <paramref name="keyspace"/> in sync <paramref name="syncId"/>.</summary>
    public KeyBuilder Begin(Keyspace keyspace, Ksuid syncId)
    {
        _buffer.Clear();
        SyncKeys.WritePrefix(_buffer.GetSpan(SyncKeys.SyncPrefixLength), keyspace, syncId);
        _buffer.Advance(SyncKeys.SyncPrefixLength);
        return this;
    }

    /// <summary>Appends a string element (UTF-8, order-preserving escaping).</summary>
    public KeyBuilder Append(string value)
    {
        new TupleWriter(_buffer).AppendString(value);
        return this;
    }

    /// <summary>Appends a string element given as its UTF-8 bytes (a stored side column).</summary>
    public KeyBuilder AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        new TupleWriter(_buffer).AppendUtf8String(utf8);
        return this;
    }

    /// <summary>Appends an integer element.</summary>
    public KeyBuilder Append(long value)
    {
        new TupleWriter(_buffer).AppendInt64(value);
        return this;
    }

    /// <summary>Appends bytes already encoded as tuple elements (a cursor's tail), verbatim.</summary>
    public KeyBuilder AppendEncoded(ReadOnlySpan<byte> encoded)
    {
        _buffer.Write(encoded);
        return this;
    }

    /// <summary>The encoded tuple of <paramref name="columns"/> alone, without keyspace or sync: a listing's prefix.</summary>
    public static byte[] Tuple(params ReadOnlySpan<string> columns)
    {
        using KeyBuilder builder = new();
        builder.Begin(Keyspace.Meta, default);
        foreach (string column in columns)
        {
            builder.Append(column);
        }

        return builder.Key[SyncKeys.SyncPrefixLength..].ToArray();
    }

    /// <summary>The key as a new array.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Dispose() => _buffer.Dispose();
}
