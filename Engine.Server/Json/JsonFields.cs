using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;
using Engine.Api.Gateway;
using Microsoft.AspNetCore.Http;

namespace Engine.Server.Json;

/// <summary>
/// Typed reads of request fields with the reference's HTTP validation: a missing field or a wrong type is a 400 naming
/// the field; numbers must be integers within JavaScript's safe range, as the reference's schemas ask.
/// </summary>
internal static class JsonFields
{
    /// <summary>The largest integer a JavaScript client sends exactly (2^53 - 1).</summary>
    public const long MaxSafeInteger = (1L << 53) - 1;

    /// <summary>Parses <paramref name="body"/>; malformed JSON is a 400.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw BadRequest("malformed JSON body");
        }
    }

    /// <summary>The root as an object (400 otherwise).</summary>
    public static JsonElement RootObject(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : throw BadRequest("the body must be a JSON object");

    public static JsonElement RequireObject(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw BadRequest($"'{name}' must be an object");

    public static string RequireString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw BadRequest($"'{name}' must be a string");

    /// <summary>The string, or null when the field is missing or null.</summary>
    public static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw BadRequest($"'{name}' must be a string");
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; 1.0 counts as an integer, 1.5 does not.</summary>
    public static long RequireInteger(JsonElement parent, string name, long min, long max = MaxSafeInteger)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
        {
            throw BadRequest($"'{name}' is required");
        }

        return Integer(value, name, min, max);
    }

    /// <summary>The integer, or null when the field is missing or null.</summary>
    public static long? OptionalInteger(JsonElement parent, string name, long min, long max = MaxSafeInteger)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return Integer(value, name, min, max);
    }

    /// <summary>A set of strings, or null when the field is missing or null.</summary>
    public static IReadOnlySet<string>? OptionalStringSet(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest($"'{name}' must be an array of strings");
        }

        HashSet<string> set = new(StringComparer.Ordinal);
        foreach (JsonElement item in value.EnumerateArray())
        {
            set.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw BadRequest($"'{name}' must be an array of strings"));
        }

        return set;
    }

    /// <summary>
    /// The field's JSON value exactly as the client wrote it (key order, spacing and number spelling kept), or null when
    /// the field is missing or null. The bytes are copied out of the request's buffer.
    /// </summary>
    public static ReadOnlyMemory<byte>? OptionalRawValue(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return JsonMarshal.GetRawUtf8Value(value).ToArray();
    }

    public static SyncRequestException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    private static long Integer(JsonElement value, string name, long min, long max)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out long exact) && exact >= min && exact <= max)
            {
                return exact;
            }

            // 1e3 and 2.0 are integers to a JavaScript client; the double is exact within the safe range.
            if (value.TryGetDouble(out double number) && Math.Floor(number) == number && number >= min && number <= max)
            {
                return (long)number;
            }
        }

        throw BadRequest($"'{name}' must be an integer in [{min}, {max}]");
    }
}
