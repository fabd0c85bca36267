using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Engine.Cli.Output;

/// <summary>
/// JSON for scripts: one object per call, written as one line, so that a listing is JSON lines and a single result is
/// one object. Protobuf messages are rendered with protobuf's JSON mapping (field names in lowerCamelCase; see <see cref="ProtoJson"/>).
/// </summary>
internal static class JsonOutput
{
    /// <summary>Writes one JSON object built by <paramref name="build"/> (which writes the properties) as one line.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> build)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            build(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes a protobuf message as one line of JSON.</summary>
    public static void WriteMessage(TextWriter output, IMessage message) => output.WriteLine(Format(message));

    /// <summary>A protobuf message as JSON text (one line).</summary>
    public static string Format(IMessage message) => ProtoJson.Format(message);

    /// <summary>Writes a protobuf message as the value of property <paramref name="name"/>.</summary>
    public static void WriteMessage(Utf8JsonWriter writer, string name, IMessage message)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(Format(message), skipInputValidation: true);
    }

    /// <summary>An instant as ISO 8601 in UTC, or null.</summary>
    public static void WriteInstant(Utf8JsonWriter writer, string name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            writer.WriteString(name, value.ToUniversalTime());
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
