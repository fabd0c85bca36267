using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text.Unicode;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// The value of a point key (<see cref="TimeSeriesKeys"/>): the measured value and the point's tags.
/// <code>
/// +---------+----------------------+--------------------------------------------------------------------+
/// | version | value                | tag section                                                        |
/// | 1 byte  | 8 bytes, IEEE 754    | count (varint32) ‖ count × (key length (varint32) ‖ key UTF-8 ‖    |
/// | = 1     | binary64, little-end.|                             value length (varint32) ‖ value UTF-8) |
/// +---------+----------------------+--------------------------------------------------------------------+
/// </code>
/// Keys are non-empty, valid UTF-8, strictly ascending by their bytes; values are valid UTF-8, possibly empty; every
/// varint is in its shortest form; nothing follows the last pair. So one tag set has exactly one encoding, and its hash
/// (<see cref="TagSet.Id"/>) identifies it. A point without tags is 10 bytes.
/// </summary>
/// <remarks>
/// Hand-written rather than MessagePack because every query and aggregate decodes it once per point: reading the value
/// is two bounds checks and a load, with no allocation, and the tags are decoded only when the caller asks for them.
/// A version other than 1 is not read (a newer engine writes a newer store format first, which
/// <see cref="LocalStore"/> refuses). The parser takes untrusted bytes: it never throws on malformed input, it returns
/// false with a reason. Stateless; thread-safe.
/// </remarks>
internal static class PointRecord
{
    /// <summary>The format version this code writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>The version byte and the value.</summary>
    public const int HeaderLength = 9;

    // Every pair takes at least three bytes (a key length, one key byte, a value length): a count above a third of the
    // remaining bytes is damage, and is refused before anything is allocated for it.
    private const int MinPairLength = 3;

    /// <summary>The length of the record of a value with <paramref name="tags"/>.</summary>
    public static int GetLength(TagSet tags) => HeaderLength + tags.Section.Length;

    /// <summary>Writes the record into <paramref name="destination"/>, at least <see cref="GetLength"/> bytes long.</summary>
    public static void Write(Span<byte> destination, double value, TagSet tags)
    {
        destination[0] = Version;
        BinaryPrimitives.WriteDoubleLittleEndian(destination[1..], value);
        tags.Section.CopyTo(destination[HeaderLength..]);
    }

    /// <summary>
    /// Reads the version and the value, and returns the tag section unchecked; false with a reason when the record is
    /// too short or of another version. Allocates nothing.
    /// </summary>
    public static bool TryReadValue(ReadOnlySpan<byte> record, out double value, out ReadOnlySpan<byte> section, out string? error)
    {
        value = 0;
        section = default;
        if (record.Length < HeaderLength + 1)
        {
            error = $"a point record of {record.Length} bytes is shorter than {HeaderLength + 1}";
            return false;
        }

        if (record[0] != Version)
        {
            error = $"a point record of version {record[0]}; this code reads version {Version}";
            return false;
        }

        value = BinaryPrimitives.ReadDoubleLittleEndian(record[1..]);
        section = record[HeaderLength..];
        error = null;
        return true;
    }

    /// <summary>Parses a whole record, checking every rule of the format; false with a reason when one fails.</summary>
    public static bool TryParse(ReadOnlySpan<byte> record, out double value, out IReadOnlyDictionary<string, string>? tags, out string? error)
    {
        tags = null;
        return TryReadValue(record, out value, out ReadOnlySpan<byte> section, out error) && TryReadTags(section, out tags, out error);
    }

    /// <summary>Decodes a tag section, checking every rule of the format; false with a reason when one fails.</summary>
    /// <remarks>The dictionary is read-only, so points that share one (<see cref="PointDecoder"/>) cannot change each other.</remarks>
    public static bool TryReadTags(ReadOnlySpan<byte> section, out IReadOnlyDictionary<string, string>? tags, out string? error)
    {
        tags = null;
        int position = 0;
        if (!TryReadCanonicalVarint(section, ref position, out uint count))
        {
            error = "the tag count is not a shortest-form varint";
            return false;
        }

        if (count > (uint)(section.Length - position) / MinPairLength)
        {
            error = $"{count} tags cannot fit in {section.Length - position} bytes";
            return false;
        }

        if (count == 0)
        {
            if (!CheckEnd(section, position, out error))
            {
                return false;
            }

            tags = ReadOnlyDictionary<string, string>.Empty;
            return true;
        }

        Dictionary<string, string> decoded = new((int)count, StringComparer.Ordinal);
        ReadOnlySpan<byte> previousKey = section[..0];
        for (uint i = 0; i < count; i++)
        {
            if (!TryReadString(section, ref position, out ReadOnlySpan<byte> key) || key.IsEmpty)
            {
                error = $"tag {i}: the key is missing, empty, truncated or not UTF-8";
                return false;
            }

            if (i > 0 && previousKey.SequenceCompareTo(key) >= 0)
            {
                error = $"tag {i}: the keys are not in strictly ascending order";
                return false;
            }

            if (!TryReadString(section, ref position, out ReadOnlySpan<byte> text))
            {
                error = $"tag {i}: the value is missing, truncated or not UTF-8";
                return false;
            }

            decoded.Add(System.Text.Encoding.UTF8.GetString(key), System.Text.Encoding.UTF8.GetString(text));
            previousKey = key;
        }

        if (!CheckEnd(section, position, out error))
        {
            return false;
        }

        tags = new ReadOnlyDictionary<string, string>(decoded);
        return true;
    }

    /// <summary>
    /// True when the tag section, written by this code or checked by <see cref="TryReadTags"/>, holds the pair
    /// (<paramref name="key"/>, <paramref name="value"/>). A malformed section holds nothing. Allocates nothing.
    /// </summary>
    public static bool SectionContains(ReadOnlySpan<byte> section, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        SpanReader reader = new(section);
        if (!reader.TryReadVarint32(out uint count))
        {
            return false;
        }

        for (uint i = 0; i < count; i++)
        {
            if (!reader.TryReadLengthPrefixed(out ReadOnlySpan<byte> storedKey) || !reader.TryReadLengthPrefixed(out ReadOnlySpan<byte> storedValue))
            {
                return false;
            }

            int order = storedKey.SequenceCompareTo(key);
            if (order == 0)
            {
                return storedValue.SequenceEqual(value);
            }

            if (order > 0)
            {
                // Keys ascend: the key is not in the rest either.
                return false;
            }
        }

        return false;
    }

    private static bool TryReadString(ReadOnlySpan<byte> section, scoped ref int position, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (!TryReadCanonicalVarint(section, ref position, out uint length) || length > (uint)(section.Length - position))
        {
            return false;
        }

        text = section.Slice(position, (int)length);
        position += (int)length;
        return Utf8.IsValid(text);
    }

    private static bool TryReadCanonicalVarint(ReadOnlySpan<byte> source, ref int position, out uint value)
    {
        if (!Varint.TryRead(source[position..], out value, out int read) || read != Varint.GetLength(value))
        {
            return false;
        }

        position += read;
        return true;
    }

    private static bool CheckEnd(ReadOnlySpan<byte> section, int position, out string? error)
    {
        error = position == section.Length ? null : $"{section.Length - position} bytes follow the last tag";
        return error is null;
    }
}
