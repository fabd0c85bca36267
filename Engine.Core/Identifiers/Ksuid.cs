using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Engine.Api;
using Engine.Core.Errors;

namespace Engine.Core.Identifiers;

/// <summary>
/// A KSUID: a 20-byte identifier that sorts by creation time, as defined by Segment's ksuid.
/// Its text form (27 base62 characters, in <c>Ksuid.Text.cs</c>) sorts the same way.
/// </summary>
/// <remarks>
/// <code>
///   offset  width  field
///   0       4      seconds since the KSUID epoch (1400000000 Unix seconds, 2014-05-13T16:53:20Z), big-endian
///   4       16     payload: random bits, big-endian
/// </code>
/// The fields are kept as three integers, and comparing them in order equals comparing the 20 bytes
/// (unsigned, first byte first), so binary order, text order and creation-time order agree to the second.
/// <see cref="NewKsuid()"/> makes independent ids; <see cref="KsuidGenerator"/> makes ids that strictly
/// increase even within one second. Immutable; thread-safe.
/// </remarks>
internal readonly partial struct Ksuid : IEquatable<Ksuid>, IComparable<Ksuid>, IComparable
{
    /// <summary>The length of the binary form, in bytes.</summary>
    public const int ByteLength = 20;

    /// <summary>The length of the payload, in bytes.</summary>
    public const int PayloadLength = 16;

    /// <summary>The KSUID epoch in Unix seconds: a timestamp of zero means this instant.</summary>
    public const long EpochUnixSeconds = 1_400_000_000;

    private readonly uint _timestamp;
    private readonly ulong _payloadHigh;
    private readonly ulong _payloadLow;

    private Ksuid(uint timestamp, ulong payloadHigh, ulong payloadLow)
    {
        _timestamp = timestamp;
        _payloadHigh = payloadHigh;
        _payloadLow = payloadLow;
    }

    /// <summary>The smallest KSUID: all 20 bytes zero.</summary>
    public static Ksuid Empty => default;

    /// <summary>The largest KSUID: all 20 bytes 0xFF.</summary>
    public static Ksuid MaxValue => new(uint.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>The earliest time a KSUID can carry.</summary>
    public static DateTimeOffset MinTimestamp => DateTimeOffset.FromUnixTimeSeconds(EpochUnixSeconds);

    /// <summary>The latest time a KSUID can carry (in 2150).</summary>
    public static DateTimeOffset MaxTimestamp => DateTimeOffset.FromUnixTimeSeconds(EpochUnixSeconds + uint.MaxValue);

    /// <summary>Seconds since <see cref="EpochUnixSeconds"/>, as stored in the first four bytes.</summary>
    public uint TimestampSeconds => _timestamp;

    /// <summary>The creation time, to the second, in UTC.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeSeconds(EpochUnixSeconds + _timestamp);

    /// <summary>A new KSUID for the current time with a payload from the system's cryptographic generator.</summary>
    public static Ksuid NewKsuid() => NewKsuid(DateTimeOffset.UtcNow);

    /// <summary>A new KSUID for <paramref name="time"/> (truncated to the second) with a cryptographically random payload.</summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> when the time is outside the KSUID range.</exception>
    public static Ksuid NewKsuid(DateTimeOffset time)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        RandomNumberGenerator.Fill(payload);
        return FromParts(ToTimestampSeconds(time), payload);
    }

    /// <summary>A KSUID for <paramref name="time"/> whose payload comes from <paramref name="random"/>: reproducible, for tests.</summary>
    public static Ksuid NewKsuid(DateTimeOffset time, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> payload = stackalloc byte[PayloadLength];
        random.NextBytes(payload);
        return FromParts(ToTimestampSeconds(time), payload);
    }

    /// <summary>A KSUID from its timestamp field and its 16-byte payload.</summary>
    public static Ksuid FromParts(uint timestampSeconds, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != PayloadLength)
        {
            ThrowHelper.ThrowInvalidArgument($"A KSUID payload is {PayloadLength} bytes, not {payload.Length}.");
        }

        return new Ksuid(
            timestampSeconds,
            BinaryPrimitives.ReadUInt64BigEndian(payload),
            BinaryPrimitives.ReadUInt64BigEndian(payload[8..]));
    }

    /// <summary>A KSUID from its 20-byte binary form.</summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> when <paramref name="bytes"/> is not 20 bytes long.</exception>
    public static Ksuid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            ThrowHelper.ThrowInvalidArgument($"A KSUID is {ByteLength} bytes, not {bytes.Length}.");
        }

        return FromParts(BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]);
    }

    /// <summary>Writes the 20-byte binary form to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> when <paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            ThrowHelper.ThrowDestinationTooSmall(ByteLength, destination.Length);
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, _timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(destination[4..], _payloadHigh);
        BinaryPrimitives.WriteUInt64BigEndian(destination[12..], _payloadLow);
    }

    /// <summary>The 20-byte binary form in a new array.</summary>
    public byte[] ToByteArray()
    {
        byte[] bytes = new byte[ByteLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>
    /// The next KSUID in binary order: the 128-bit payload plus one, carrying into the timestamp when the
    /// payload is all ones; false for <see cref="MaxValue"/>, which has no successor.
    /// </summary>
    public bool TryGetSuccessor(out Ksuid successor)
    {
        ulong low = _payloadLow + 1;
        ulong high = low == 0 ? _payloadHigh + 1 : _payloadHigh;
        bool carry = low == 0 && high == 0;
        if (carry && _timestamp == uint.MaxValue)
        {
            successor = default;
            return false;
        }

        successor = new Ksuid(carry ? _timestamp + 1 : _timestamp, high, low);
        return true;
    }

    public int CompareTo(Ksuid other)
    {
        int byTime = _timestamp.CompareTo(other._timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        int byHigh = _payloadHigh.CompareTo(other._payloadHigh);
        return byHigh != 0 ? byHigh : _payloadLow.CompareTo(other._payloadLow);
    }

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Ksuid other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a Ksuid.", nameof(obj)),
    };

    public bool Equals(Ksuid other) =>
        _timestamp == other._timestamp && _payloadHigh == other._payloadHigh && _payloadLow == other._payloadLow;

    public override bool Equals(object? obj) => obj is Ksuid other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_timestamp, _payloadHigh, _payloadLow);

    public static bool operator ==(Ksuid left, Ksuid right) => left.Equals(right);

    public static bool operator !=(Ksuid left, Ksuid right) => !left.Equals(right);

    public static bool operator <(Ksuid left, Ksuid right) => left.CompareTo(right) < 0;

    public static bool operator <=(Ksuid left, Ksuid right) => left.CompareTo(right) <= 0;

    public static bool operator >(Ksuid left, Ksuid right) => left.CompareTo(right) > 0;

    public static bool operator >=(Ksuid left, Ksuid right) => left.CompareTo(right) >= 0;

    /// <summary>The timestamp field for <paramref name="time"/>, truncated to the second.</summary>
    /// <exception cref="StorageException"><see cref="StorageErrorCode.InvalidArgument"/> outside <see cref="MinTimestamp"/>..<see cref="MaxTimestamp"/>.</exception>
    internal static uint ToTimestampSeconds(DateTimeOffset time)
    {
        long seconds = time.ToUnixTimeSeconds() - EpochUnixSeconds;
        if (seconds is < 0 or > uint.MaxValue)
        {
            ThrowHelper.ThrowInvalidArgument($"{time:O} is outside the range of KSUID timestamps ({MinTimestamp:O} to {MaxTimestamp:O}).");
        }

        return (uint)seconds;
    }
}
