using System;
using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst.KeyValue;

/// <summary>
/// The engine keys of one key-value namespace: <c>0x10 ‖ tuple(namespace) ‖ user key</c>. A namespace holds no NUL
/// character, so its tuple string holds no zero byte but its terminator: no namespace's prefix is then a prefix of
/// another namespace's keys, whatever bytes the user keys hold (with a NUL, <c>"a\0"</c> would encode as
/// <c>02 61 00 FF 00</c>, which is namespace <c>"a"</c>'s prefix followed by the user key <c>FF 00</c>). Behind the
/// common prefix, engine keys sort exactly as their user keys do (unsigned bytewise).
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class KeyValueKeys
{
    /// <summary>Keys up to this length are composed on the stack.</summary>
    public const int StackKeyLength = 256;

    public KeyValueKeys(string @namespace)
    {
        if (@namespace.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A namespace holds no NUL character.", nameof(@namespace));
        }

        ArrayBufferWriter<byte> prefix = new(16);
        prefix.GetSpan(1)[0] = Keyspaces.KeyValue;
        prefix.Advance(1);
        TupleWriter writer = new(prefix);
        try
        {
            writer.AppendString(@namespace);
        }
        catch (StorageException ex)
        {
            throw new ArgumentException($"The namespace has no encoding: {ex.Message}", nameof(@namespace), ex);
        }

        Prefix = prefix.WrittenSpan.ToArray();
        byte[] end = (byte[])Prefix.Clone();
        TupleCodec.TryIncrementPrefix(end, out int endLength);
        PrefixEnd = end.AsSpan(0, endLength).ToArray();
    }

    /// <summary>The bytes every key of the namespace starts with.</summary>
    public byte[] Prefix { get; }

    /// <summary>The smallest key above every key of the namespace.</summary>
    public byte[] PrefixEnd { get; }

    /// <summary>The longest user key: the engine's key limit less the prefix.</summary>
    public int MaxUserKeyLength => Database.MaxKeySizeBytes - Prefix.Length;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <paramref name="userKey"/> is too long.</summary>
    public void Check(ReadOnlySpan<byte> userKey, string paramName)
    {
        if (userKey.Length > MaxUserKeyLength)
        {
            throw new ArgumentOutOfRangeException(paramName, userKey.Length, $"A key of this namespace is at most {MaxUserKeyLength} bytes.");
        }
    }

    /// <summary>The engine key of <paramref name="userKey"/>, in <paramref name="scratch"/> when it fits, else in a rented array.</summary>
    public KeyBuffer Compose(ReadOnlySpan<byte> userKey, Span<byte> scratch)
    {
        int length = Prefix.Length + userKey.Length;
        byte[]? rented = null;
        Span<byte> target = length <= scratch.Length ? scratch[..length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        Prefix.CopyTo(target);
        userKey.CopyTo(target[Prefix.Length..]);
        return new KeyBuffer(target, rented);
    }

    /// <summary>The engine key of <paramref name="userKey"/> as a new array.</summary>
    public byte[] ToArray(ReadOnlySpan<byte> userKey)
    {
        byte[] key = new byte[Prefix.Length + userKey.Length];
        Prefix.CopyTo(key, 0);
        userKey.CopyTo(key.AsSpan(Prefix.Length));
        return key;
    }

    /// <summary>The user key of an engine key of this namespace.</summary>
    public ReadOnlySpan<byte> UserKeyOf(ReadOnlySpan<byte> engineKey) => engineKey[Prefix.Length..];

    /// <summary>The engine range of the user keys in <paramref name="range"/>; its bounds are exact, as the prefix is shared.</summary>
    public KeyRange EngineRange(KeyRange range) => KeyRange.Between(
        range.HasLowerBound ? ToArray(range.LowerBound) : Prefix,
        range.HasUpperBound ? ToArray(range.UpperBound) : PrefixEnd);

    /// <summary>An engine key composed by <see cref="Compose"/>; dispose it to return a rented array.</summary>
    public ref struct KeyBuffer
    {
        private byte[]? _rented;

        internal KeyBuffer(Span<byte> span, byte[]? rented)
        {
            Span = span;
            _rented = rented;
        }

        /// <summary>The key.</summary>
        public Span<byte> Span { get; }

        /// <summary>Returns the rented array, if any.</summary>
        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }
    }
}
