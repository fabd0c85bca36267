using System;
using System.Buffers;
using System.Buffers.Binary;
using Engine.Core.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// The keys of the time-series keyspaces (docs/format/local-first.md, section "Time series"):
/// <code>
/// point      0x40 ‖ tuple(series)                   ‖ timestamp (8) ‖ tag-set id (8)
/// tag index  0x41 ‖ tuple(series, tag key, tag value) ‖ timestamp (8) ‖ tag-set id (8)
/// series     0x42 ‖ tuple(series)
/// </code>
/// The timestamp is the point's UTC ticks (100 ns) since the Unix epoch as a signed 64-bit integer with its sign bit
/// flipped, big-endian, so unsigned byte order is time order and instants before 1970 sort first. The tag-set id
/// (<see cref="TagSet.Id"/>) makes points at one instant with different tags distinct keys.
/// </summary>
/// <remarks>
/// The tuple string ends in 0x00 and escapes a 0x00 inside it as 0x00 0xFF, so the prefix of series "a" is also a
/// prefix of the keys of series "a\0…", whose next byte is 0xFF. No timestamp starts with 0xFF (the flipped ticks of
/// <see cref="DateTimeOffset.MaxValue"/> start with 0xA2), so every range here ends below those keys: ranges are always
/// bounded by a timestamp, never by the prefix alone. Stateless; thread-safe.
/// </remarks>
internal static class TimeSeriesKeys
{
    /// <summary>The bytes after a prefix: the timestamp and the tag-set id.</summary>
    public const int SuffixLength = 16;

    /// <summary>The ticks of the Unix epoch, counted from 0001-01-01.</summary>
    public const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>The earliest instant a <see cref="DateTimeOffset"/> holds, in ticks since the Unix epoch.</summary>
    public const long MinTicks = -UnixEpochTicks;

    /// <summary>The latest instant a <see cref="DateTimeOffset"/> holds, in ticks since the Unix epoch.</summary>
    public const long MaxTicks = 3_155_378_975_999_999_999 - UnixEpochTicks;

    private const ulong SignBit = 0x8000_0000_0000_0000;

    /// <summary>The instant's UTC ticks since the Unix epoch.</summary>
    public static long ToTicks(DateTimeOffset instant) => instant.UtcTicks - UnixEpochTicks;

    /// <summary>The instant (offset zero) <paramref name="ticks"/> after the Unix epoch; false when no <see cref="DateTimeOffset"/> is there.</summary>
    public static bool TryFromTicks(long ticks, out DateTimeOffset instant)
    {
        if (ticks < MinTicks || ticks > MaxTicks)
        {
            instant = default;
            return false;
        }

        instant = new DateTimeOffset(ticks + UnixEpochTicks, TimeSpan.Zero);
        return true;
    }

    /// <summary>The instant <paramref name="ticks"/> after the Unix epoch, clamped to what a <see cref="DateTimeOffset"/> holds.</summary>
    public static DateTimeOffset FromTicksClamped(long ticks) =>
        new(Math.Clamp(ticks, MinTicks, MaxTicks) + UnixEpochTicks, TimeSpan.Zero);

    /// <summary>Writes the order-preserving form of <paramref name="ticks"/> (8 bytes).</summary>
    public static void WriteTimestamp(Span<byte> destination, long ticks) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, (ulong)ticks ^ SignBit);

    /// <summary>Reads what <see cref="WriteTimestamp"/> wrote.</summary>
    public static long ReadTimestamp(ReadOnlySpan<byte> source) =>
        (long)(BinaryPrimitives.ReadUInt64BigEndian(source) ^ SignBit);

    /// <summary><c>0x40 ‖ tuple(series)</c>: the prefix of every point of the series.</summary>
    public static byte[] SeriesPrefix(string series) => Build(Keyspaces.TimeSeries, series);

    /// <summary><c>0x41 ‖ tuple(series, key, value)</c> from the series' point prefix (<see cref="SeriesPrefix"/>).</summary>
    public static byte[] TagPrefix(ReadOnlySpan<byte> seriesPrefix, TagPair pair)
    {
        using PooledBufferWriter buffer = new(seriesPrefix.Length + pair.KeyUtf8.Length + pair.ValueUtf8.Length + 8);
        WriteTagPrefix(buffer, seriesPrefix, pair);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes <c>0x41 ‖ tuple(series, key, value) ‖ timestamp ‖ tag-set id</c> to <paramref name="output"/>, built from
    /// the series' point prefix: a tuple is the concatenation of its elements, so the series element is copied as is.
    /// </summary>
    public static void WriteTagKey(IBufferWriter<byte> output, ReadOnlySpan<byte> seriesPrefix, TagPair pair, long ticks, ulong tagSetId)
    {
        WriteTagPrefix(output, seriesPrefix, pair);
        WriteSuffix(output.GetSpan(SuffixLength), ticks, tagSetId);
        output.Advance(SuffixLength);
    }

    /// <summary><c>0x42 ‖ tuple(series)</c>: the series record (retention).</summary>
    public static byte[] SeriesRecordKey(string series) => Build(Keyspaces.TimeSeriesMeta, series);

    /// <summary>The series of a series record key (<see cref="SeriesRecordKey"/>); false when the key is not one.</summary>
    public static bool TryReadSeries(ReadOnlySpan<byte> seriesRecordKey, out string series)
    {
        series = "";
        if (seriesRecordKey.Length < 2 || seriesRecordKey[0] != Keyspaces.TimeSeriesMeta)
        {
            return false;
        }

        TupleReader reader = new(seriesRecordKey[1..]);
        try
        {
            if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String || !reader.RemainingEncoded.IsEmpty)
            {
                return false;
            }

            series = reader.GetString();
            return series.Length > 0;
        }
        catch (CorruptionException)
        {
            return false;
        }
    }

    /// <summary><c>prefix ‖ timestamp</c>: the first key at or after <paramref name="ticks"/> under the prefix, a range bound.</summary>
    public static byte[] Bound(ReadOnlySpan<byte> prefix, long ticks)
    {
        byte[] bound = new byte[prefix.Length + 8];
        prefix.CopyTo(bound);
        WriteTimestamp(bound.AsSpan(prefix.Length), ticks);
        return bound;
    }

    /// <summary>
    /// The keys of <paramref name="prefix"/> with a timestamp in <c>[fromTicks, toTicks)</c>, for an iterator or a
    /// range deletion. <paramref name="fromTicks"/> must be below <paramref name="toTicks"/>.
    /// </summary>
    public static KeyRange Range(ReadOnlySpan<byte> prefix, long fromTicks, long toTicks) =>
        KeyRange.Between(Bound(prefix, fromTicks), Bound(prefix, toTicks));

    /// <summary>Writes <c>prefix ‖ timestamp ‖ tag-set id</c> to <paramref name="output"/>.</summary>
    public static void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> prefix, long ticks, ulong tagSetId)
    {
        Span<byte> span = output.GetSpan(prefix.Length + SuffixLength);
        prefix.CopyTo(span);
        WriteSuffix(span.Slice(prefix.Length, SuffixLength), ticks, tagSetId);
        output.Advance(prefix.Length + SuffixLength);
    }

    /// <summary>Writes <c>timestamp ‖ tag-set id</c> (16 bytes).</summary>
    public static void WriteSuffix(Span<byte> destination, long ticks, ulong tagSetId)
    {
        WriteTimestamp(destination, ticks);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], tagSetId);
    }

    private static void WriteTagPrefix(IBufferWriter<byte> output, ReadOnlySpan<byte> seriesPrefix, TagPair pair)
    {
        Span<byte> head = output.GetSpan(seriesPrefix.Length);
        head[0] = Keyspaces.TimeSeriesTag;
        seriesPrefix[1..].CopyTo(head[1..]);
        output.Advance(seriesPrefix.Length);
        TupleWriter writer = new(output);
        writer.AppendUtf8String(pair.KeyUtf8);
        writer.AppendUtf8String(pair.ValueUtf8);
    }

    private static byte[] Build(byte keyspace, string series)
    {
        using PooledBufferWriter buffer = new(64);
        buffer.GetSpan(1)[0] = keyspace;
        buffer.Advance(1);
        new TupleWriter(buffer).AppendString(series);
        return buffer.WrittenSpan.ToArray();
    }
}
