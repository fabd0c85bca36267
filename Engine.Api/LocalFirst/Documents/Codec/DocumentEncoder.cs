using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using MessagePack;

namespace Engine.Api.LocalFirst.Documents.Codec;

/// <summary>
/// Writes a JSON document in its stored form (<see cref="DocumentFormat"/>): objects become maps with string keys in
/// the document's property order, arrays arrays, strings strings, <c>true</c>/<c>false</c>/<c>null</c> their MessagePack
/// forms. A number written without fraction or exponent that fits a 64-bit integer (signed, or unsigned above
/// <see cref="long.MaxValue"/>) is stored as an integer; every other number as a 64-bit float.
/// </summary>
/// <remarks>
/// Not representable, and rejected with <see cref="ArgumentException"/> before anything is stored: a number whose
/// magnitude overflows a double (<c>1e400</c>), duplicate property names in one object, nesting deeper than
/// <see cref="DocumentFormat.MaxDepth"/>. Lossy, by design: an integer beyond the 64-bit range and a decimal with more
/// digits than a double holds are stored as the nearest double. Stateless; thread-safe.
/// </remarks>
internal static class DocumentEncoder
{
    /// <summary>The stored form of <paramref name="document"/>, which must be a JSON object.</summary>
    /// <exception cref="ArgumentException">The document is not an object, or holds something not representable.</exception>
    public static byte[] Encode(JsonElement document, string paramName)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"A document is a JSON object, not {document.ValueKind}.", paramName);
        }

        ArrayBufferWriter<byte> output = new(256);
        output.GetSpan(1)[0] = DocumentFormat.Version;
        output.Advance(1);
        MessagePackWriter writer = new(output);
        Write(ref writer, document, 0, paramName);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Any JSON value as a bare MessagePack value (no version byte): filter constants take this form.</summary>
    /// <exception cref="ArgumentException">The value holds something not representable.</exception>
    public static byte[] EncodeValue(JsonElement value, string paramName)
    {
        ArrayBufferWriter<byte> output = new(32);
        MessagePackWriter writer = new(output);
        Write(ref writer, value, 0, paramName);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static void Write(ref MessagePackWriter writer, JsonElement value, int depth, string paramName)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckDepth(depth, paramName);
                WriteObject(ref writer, value, depth, paramName);
                break;
            case JsonValueKind.Array:
                CheckDepth(depth, paramName);
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (JsonElement item in value.EnumerateArray())
                {
                    Write(ref writer, item, depth + 1, paramName);
                }

                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Number:
                WriteNumber(ref writer, value, paramName);
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            case JsonValueKind.Null:
                writer.WriteNil();
                break;
            default:
                throw new ArgumentException($"A document value cannot be {value.ValueKind}.", paramName);
        }
    }

    private static void WriteObject(ref MessagePackWriter writer, JsonElement value, int depth, string paramName)
    {
        int count = 0;
        foreach (JsonProperty _ in value.EnumerateObject())
        {
            count++;
        }

        // A map with a repeated key has no single meaning; JSON readers disagree on which one wins.
        HashSet<string>? seen = count > 1 ? new HashSet<string>(count, StringComparer.Ordinal) : null;
        writer.WriteMapHeader(count);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (seen is not null && !seen.Add(property.Name))
            {
                throw new ArgumentException($"The property '{property.Name}' appears twice in one object.", paramName);
            }

            writer.Write(property.Name);
            Write(ref writer, property.Value, depth + 1, paramName);
        }
    }

    private static void WriteNumber(ref MessagePackWriter writer, JsonElement value, string paramName)
    {
        // Both accept only integer syntax: 1.0 and 1e2 fall through to the double. "-0" is integer syntax too, but as
        // an integer it would lose its sign, and the decoder writes the double -0.0 as "-0": it stays a double.
        if (value.TryGetInt64(out long signed) && (signed != 0 || value.GetRawText()[0] != '-'))
        {
            writer.Write(signed);
            return;
        }

        if (value.TryGetUInt64(out ulong unsigned))
        {
            writer.Write(unsigned);
            return;
        }

        if (!value.TryGetDouble(out double number) || !double.IsFinite(number))
        {
            throw new ArgumentException($"The number {value.GetRawText()} is outside the range of a double.", paramName);
        }

        writer.Write(number);
    }

    private static void CheckDepth(int depth, string paramName)
    {
        if (depth >= DocumentFormat.MaxDepth)
        {
            throw new ArgumentException($"The document nests deeper than {DocumentFormat.MaxDepth} levels.", paramName);
        }
    }
}
