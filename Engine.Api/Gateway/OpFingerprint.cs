using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;

namespace Engine.Api.Gateway;

/// <summary>
/// The fingerprint of a pushed op: SHA-256 over a canonical JSON of what the client sent, so two ops are the same op
/// exactly when their fingerprints are equal (spec sync-gateway.md 1.3 (1)).
/// </summary>
/// <remarks>
/// <para>
/// The canonical form is one JSON object, without whitespace, with its keys in ordinal order:
/// <c>{"clock":…,"deviceId":…,"hlc":…,"operation":"put"|"delete","payload":…,"pk":…,"tableName":…}</c>. Inside the
/// payload every object's keys are sorted ordinally (by UTF-16 code unit), recursively; a key that repeats keeps its
/// last value, as a JavaScript client reads it. Strings are compared by value (<c>"\u0041"</c> equals <c>"A"</c>) and
/// written with one escaping. Numbers are normalized to their exact decimal value, written as
/// <c>[-]digits e exponent</c> with no leading or trailing zeros in the digits (<c>1</c>, <c>1.0</c>, <c>10E-1</c>
/// and <c>0.1e1</c> are all <c>1e0</c>; <c>-0</c> is <c>0</c>), so no precision is lost on integers beyond 2^53. A
/// missing payload is <c>null</c>.
/// </para>
/// <para>
/// A payload that cannot be read as JSON (or is over the size limit, which is not parsed) is fingerprinted over its raw
/// bytes under a different key (<c>payloadBytes</c>), so it never equals a parsed one; such an op fails validation,
/// and the fingerprint only decides whether two slots of a batch are the same op. Stateless; thread-safe.
/// </para>
/// </remarks>
internal static class OpFingerprint
{
    /// <summary>The length of a fingerprint in bytes.</summary>
    public const int Length = 32;

    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>The fingerprint of <paramref name="op"/> with its parsed <paramref name="payload"/> (null for none).</summary>
    /// <exception cref="InvalidOperationException">A string of the payload is not valid UTF-8 or UTF-16.</exception>
    /// <exception cref="ArgumentException">A string of the payload holds a lone surrogate.</exception>
    public static byte[] Compute(PendingOp op, JsonElement? payload) => Hash(op, payload, default, raw: false);

    /// <summary>The fingerprint of <paramref name="op"/> over its payload's raw bytes, for payloads that cannot be parsed.</summary>
    public static byte[] ComputeRaw(PendingOp op) => Hash(op, null, op.PayloadJson ?? default, raw: true);

    /// <summary>Writes <paramref name="element"/> in canonical form.</summary>
    public static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteCanonicalObject(writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(NormalizeNumber(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// The exact decimal value of a JSON number as <c>[-]digits e exponent</c>: digits without leading or trailing
    /// zeros, <c>0</c> for zero of either sign.
    /// </summary>
    public static string NormalizeNumber(string text)
    {
        ReadOnlySpan<char> span = text;
        bool negative = span.Length > 0 && span[0] == '-';
        if (negative)
        {
            span = span[1..];
        }

        int exponentAt = span.IndexOfAny('e', 'E');
        ReadOnlySpan<char> mantissa = exponentAt < 0 ? span : span[..exponentAt];
        BigInteger exponent = exponentAt < 0
            ? BigInteger.Zero
            : BigInteger.Parse(span[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.');
        string digits = point < 0 ? mantissa.ToString() : string.Concat(mantissa[..point], mantissa[(point + 1)..]);
        if (point >= 0)
        {
            exponent -= mantissa.Length - point - 1;
        }

        string trimmedLeft = digits.TrimStart('0');
        if (trimmedLeft.Length == 0)
        {
            return "0";
        }

        string significant = trimmedLeft.TrimEnd('0');
        exponent += trimmedLeft.Length - significant.Length;
        return string.Concat(negative ? "-" : string.Empty, significant, "e", exponent.ToString(CultureInfo.InvariantCulture));
    }

    private static byte[] Hash(PendingOp op, JsonElement? payload, ReadOnlyMemory<byte> rawPayload, bool raw)
    {
        ArrayBufferWriter<byte> buffer = new(256 + (op.PayloadJson?.Length ?? 0));
        using (Utf8JsonWriter writer = new(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("clock", op.Stamp.Clock);
            writer.WriteString("deviceId", op.Stamp.DeviceId);
            writer.WriteString("hlc", op.Stamp.Hlc);
            writer.WriteString("operation", op.Operation == SyncOp.Delete ? "delete" : "put");
            if (raw)
            {
                writer.WriteBase64String("payloadBytes", rawPayload.Span);
            }
            else
            {
                writer.WritePropertyName("payload");
                if (payload is { } element)
                {
                    WriteCanonical(writer, element);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteString("pk", op.Pk);
            writer.WriteString("tableName", op.TableName);
            writer.WriteEndObject();
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static void WriteCanonicalObject(Utf8JsonWriter writer, JsonElement element)
    {
        // Sorted by name, then by position, so the last of a repeated name is the one kept.
        List<(string Name, int Position, JsonElement Value)> properties = [];
        foreach (JsonProperty property in element.EnumerateObject())
        {
            properties.Add((property.Name, properties.Count, property.Value));
        }

        properties.Sort(static (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Position.CompareTo(b.Position);
        });
        writer.WriteStartObject();
        for (int i = 0; i < properties.Count; i++)
        {
            if (i + 1 < properties.Count && string.Equals(properties[i].Name, properties[i + 1].Name, StringComparison.Ordinal))
            {
                continue;
            }

            writer.WritePropertyName(properties[i].Name);
            WriteCanonical(writer, properties[i].Value);
        }

        writer.WriteEndObject();
    }
}
