using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway;

/// <summary>
/// The opaque page token of a snapshot chain, as the reference writes it: base64url (no padding) of the UTF-8 JSON
/// <c>{"version":1,"snapshotId":"…","after":{"tableName":"…","pk":"…","kind":"row"|"tombstone"}}</c>.
/// </summary>
/// <remarks>
/// The token only names where the next page starts; the capture it names decides what the caller may read (its
/// workspace and table filter are checked against the request), so a forged token reaches nothing the caller could
/// not read anyway. Stateless; thread-safe.
/// </remarks>
internal static class SnapshotPageToken
{
    /// <summary>The longest token accepted, in characters (4 KiB).</summary>
    public const int MaxLength = 4096;

    private const int FormatVersion = 1;

    /// <summary>The token of the page after <paramref name="after"/> in <paramref name="snapshotId"/>.</summary>
    public static string Encode(string snapshotId, SnapshotPosition after)
    {
        ArrayBufferWriter<byte> buffer = new(128);
        using (Utf8JsonWriter writer = new(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("snapshotId", snapshotId);
            writer.WriteStartObject("after");
            writer.WriteString("tableName", after.TableName);
            writer.WriteString("pk", after.Pk);
            writer.WriteString("kind", after.IsTombstone ? "tombstone" : "row");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>Reads a token; false when it is too long, not base64url, not the JSON above, or of another version.</summary>
    public static bool TryDecode(string token, out string snapshotId, out SnapshotPosition after)
    {
        snapshotId = string.Empty;
        after = default;
        if (token.Length is 0 or > MaxLength)
        {
            return false;
        }

        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out int number) || number != FormatVersion
                || !TryGetString(root, "snapshotId", out string? id) || id.Length == 0
                || !root.TryGetProperty("after", out JsonElement position) || position.ValueKind != JsonValueKind.Object
                || !TryGetString(position, "tableName", out string? table)
                || !TryGetString(position, "pk", out string? pk)
                || !TryGetString(position, "kind", out string? kind) || kind is not ("row" or "tombstone"))
            {
                return false;
            }

            snapshotId = id;
            after = new SnapshotPosition(table, pk, kind == "tombstone");
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryGetString(JsonElement parent, string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        value = parent.TryGetProperty(name, out JsonElement element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is not null;
    }
}
