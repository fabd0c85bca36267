using System;

namespace Engine.Api;

/// <summary>
/// A range of keys, lower bound inclusive and upper bound exclusive, the one convention of every range in the store
/// (<see cref="ReadOptions.Range"/>, <see cref="Database.Compact(KeyRange)"/>, <see cref="Database.DeleteRange"/>).
/// </summary>
/// <remarks>
/// <para>
/// Built with <see cref="All"/>, <see cref="Prefix(ReadOnlySpan{byte})"/>, <see cref="From(byte[])"/>,
/// <see cref="Below(byte[])"/> or <see cref="Between(byte[], byte[])"/>. A null array passed for a bound means "no
/// bound on that side", never an empty key; <c>default(KeyRange)</c> is <see cref="All"/>. The bounds are copied, so
/// changing the arrays afterwards does not change the range.
/// </para>
/// <para>Immutable; thread-safe.</para>
/// </remarks>
public readonly struct KeyRange : IEquatable<KeyRange>
{
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;

    private KeyRange(byte[]? lower, byte[]? upper)
    {
        _lower = lower;
        _upper = upper;
    }

    /// <summary>Every key.</summary>
    public static KeyRange All => default;

    /// <summary>True when the range has a lower bound.</summary>
    public bool HasLowerBound => _lower is not null;

    /// <summary>True when the range has an upper bound.</summary>
    public bool HasUpperBound => _upper is not null;

    /// <summary>The inclusive lower bound; empty when there is none (see <see cref="HasLowerBound"/>).</summary>
    public ReadOnlySpan<byte> LowerBound => _lower;

    /// <summary>The exclusive upper bound; empty when there is none (see <see cref="HasUpperBound"/>).</summary>
    public ReadOnlySpan<byte> UpperBound => _upper;

    /// <summary>The lower bound array, shared, or null; the store reads it and never changes it.</summary>
    internal byte[]? Lower => _lower;

    /// <summary>The upper bound array, shared, or null; the store reads it and never changes it.</summary>
    internal byte[]? Upper => _upper;

    /// <summary>The keys that start with <paramref name="prefix"/>; an empty prefix is <see cref="All"/>.</summary>
    public static KeyRange Prefix(ReadOnlySpan<byte> prefix) =>
        prefix.IsEmpty ? All : new KeyRange(prefix.ToArray(), PrefixSuccessor(prefix));

    /// <summary>The keys that start with <paramref name="prefix"/>; an empty prefix is <see cref="All"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null: a missing prefix is a bug, not "all keys".</exception>
    public static KeyRange Prefix(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Prefix((ReadOnlySpan<byte>)prefix);
    }

    /// <summary>The keys at or after <paramref name="lowerInclusive"/>.</summary>
    public static KeyRange From(ReadOnlySpan<byte> lowerInclusive) => new(lowerInclusive.ToArray(), null);

    /// <summary>The keys at or after <paramref name="lowerInclusive"/>; null for every key.</summary>
    public static KeyRange From(byte[]? lowerInclusive) => new(lowerInclusive?.AsSpan().ToArray(), null);

    /// <summary>The keys before <paramref name="upperExclusive"/>.</summary>
    public static KeyRange Below(ReadOnlySpan<byte> upperExclusive) => new(null, upperExclusive.ToArray());

    /// <summary>The keys before <paramref name="upperExclusive"/>; null for every key.</summary>
    public static KeyRange Below(byte[]? upperExclusive) => new(null, upperExclusive?.AsSpan().ToArray());

    /// <summary>The keys in <c>[lowerInclusive, upperExclusive)</c>; a null bound leaves that side open.</summary>
    /// <exception cref="ArgumentException">Both bounds are given and the lower one is above the upper one.</exception>
    public static KeyRange Between(byte[]? lowerInclusive, byte[]? upperExclusive)
    {
        if (lowerInclusive is not null && upperExclusive is not null
            && lowerInclusive.AsSpan().SequenceCompareTo(upperExclusive) > 0)
        {
            throw new ArgumentException("The lower bound is above the upper bound.", nameof(lowerInclusive));
        }

        return new KeyRange(lowerInclusive?.AsSpan().ToArray(), upperExclusive?.AsSpan().ToArray());
    }

    /// <summary>True when <paramref name="key"/> lies in the range.</summary>
    public bool Contains(ReadOnlySpan<byte> key) =>
        (_lower is null || key.SequenceCompareTo(_lower) >= 0) && (_upper is null || key.SequenceCompareTo(_upper) < 0);

    /// <inheritdoc/>
    public bool Equals(KeyRange other) => SameBound(_lower, other._lower) && SameBound(_upper, other._upper);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KeyRange other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.AddBytes(_lower);
        hash.Add(_lower is null);
        hash.AddBytes(_upper);
        hash.Add(_upper is null);
        return hash.ToHashCode();
    }

    /// <summary>The range as <c>[lower, upper)</c> in hex, <c>-inf</c>/<c>+inf</c> for a missing bound.</summary>
    public override string ToString() =>
        $"[{(_lower is null ? "-inf" : Convert.ToHexString(_lower))}, {(_upper is null ? "+inf" : Convert.ToHexString(_upper))})";

    /// <summary>Equal ranges.</summary>
    public static bool operator ==(KeyRange left, KeyRange right) => left.Equals(right);

    /// <summary>Different ranges.</summary>
    public static bool operator !=(KeyRange left, KeyRange right) => !left.Equals(right);

    /// <summary>The smallest key above every key that starts with <paramref name="prefix"/>; null when none exists (all 0xFF).</summary>
    private static byte[]? PrefixSuccessor(ReadOnlySpan<byte> prefix)
    {
        int last = prefix.LastIndexOfAnyExcept((byte)0xFF);
        if (last < 0)
        {
            return null;
        }

        byte[] successor = prefix[..(last + 1)].ToArray();
        successor[last]++;
        return successor;
    }

    private static bool SameBound(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
