using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace Engine.Api.LocalFirst.Documents.Codec;

/// <summary>
/// Reads a stored document (<see cref="DocumentFormat"/>) back to JSON, the inverse of <see cref="DocumentEncoder"/>.
/// </summary>
/// <remarks>
/// The input is untrusted: anything the encoder cannot produce (another version byte, a top level that is not a map, a
/// key that is not a string, a repeated key, binary or extension values, a NaN or infinite float, invalid UTF-8, nesting
/// deeper than <see cref="DocumentFormat.MaxDepth"/>, bytes after the map, a truncated value) throws
/// <see cref="FormatException"/>, which callers report as corruption of the key they read. A 32-bit float, which the
/// encoder never writes, is read as the double it widens to. Stateless; thread-safe.
/// </remarks>
internal static class DocumentDecoder
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The stored document as UTF-8 JSON text.</summary>
    /// <exception cref="FormatException">The bytes are not a stored document.</exception>
    public static byte[] ToJsonUtf8(ReadOnlyMemory<byte> stored)
    {
        ReadOnlyMemory<byte> body = DocumentFormat.Body(stored);
        using MemoryStream buffer = new(body.Length * 2);
        using (Utf8JsonWriter json = new(buffer))
        {
            WriteBody(body, json, requireMap: true);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a bare MessagePack value (no version byte) as JSON.</summary>
    /// <exception cref="FormatException">The bytes are not one value the encoder can produce.</exception>
    public static void WriteValue(ReadOnlyMemory<byte> value, Utf8JsonWriter json) => WriteBody(value, json, requireMap: false);

    private static void WriteBody(ReadOnlyMemory<byte> body, Utf8JsonWriter json, bool requireMap)
    {
        try
        {
            MessagePackReader reader = new(body);
            if (requireMap && (reader.End || reader.NextMessagePackType != MessagePackType.Map))
            {
                throw new FormatException("the document is not a map");
            }

            Write(ref reader, json, 0);
            if (!reader.End)
            {
                throw new FormatException($"{body.Length - reader.Consumed} bytes follow the document");
            }
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"the document does not parse: {ex.Message}", ex);
        }
    }

    private static void Write(ref MessagePackReader reader, Utf8JsonWriter json, int depth)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    json.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                double number = reader.ReadDouble();
                if (!double.IsFinite(number))
                {
                    throw new FormatException("a float is NaN or infinite, which JSON cannot hold");
                }

                json.WriteNumberValue(number);
                break;
            case MessagePackType.String:
                json.WriteStringValue(ReadUtf8(ref reader));
                break;
            case MessagePackType.Array:
                CheckDepth(depth);
                int length = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (int i = 0; i < length; i++)
                {
                    Write(ref reader, json, depth + 1);
                }

                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                CheckDepth(depth);
                WriteMap(ref reader, json, depth);
                break;
            default:
                throw new FormatException($"a document holds no {reader.NextMessagePackType} values");
        }
    }

    private static void WriteMap(ref MessagePackReader reader, Utf8JsonWriter json, int depth)
    {
        int count = reader.ReadMapHeader();
        HashSet<string>? seen = count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        json.WriteStartObject();
        for (int i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw new FormatException($"a map key is {reader.NextMessagePackType}, not a string");
            }

            string name = s_strictUtf8.GetString(ReadUtf8(ref reader));
            if (seen is not null && !seen.Add(name))
            {
                throw new FormatException($"the key '{name}' appears twice in one map");
            }

            json.WritePropertyName(name);
            Write(ref reader, json, depth + 1);
        }

        json.WriteEndObject();
    }

    /// <summary>The next string's UTF-8 bytes, checked for validity.</summary>
    internal static ReadOnlySpan<byte> ReadUtf8(ref MessagePackReader reader)
    {
        ReadOnlySpan<byte> utf8 = reader.TryReadStringSpan(out ReadOnlySpan<byte> span)
            ? span
            : (reader.ReadStringSequence() is { } sequence ? System.Buffers.BuffersExtensions.ToArray(sequence) : []);
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new FormatException("a string is not valid UTF-8");
        }

        return utf8;
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= DocumentFormat.MaxDepth)
        {
            throw new FormatException($"the document nests deeper than {DocumentFormat.MaxDepth} levels");
        }
    }
}
