using System;
using System.Collections.Generic;
using System.Text;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>The limits on caller-supplied metadata, checked before anything is written.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class BlobMetadataRules
{
    /// <summary>The longest content type, in characters (RFC 6838 allows 127 + 1 + 127 for type/subtype, plus parameters).</summary>
    public const int MaxContentTypeLength = 1024;

    /// <summary>The most custom entries.</summary>
    public const int MaxCustomEntries = 128;

    /// <summary>The most UTF-8 bytes of all custom keys and values together: metadata stays a small record.</summary>
    public const int MaxCustomBytes = 16 << 10;

    /// <summary>Checks a content type and custom map; returns a copy of the map to store (null when empty).</summary>
    /// <exception cref="ArgumentException">A limit is exceeded, a key is empty, or a value is null.</exception>
    public static Dictionary<string, string>? Check(string? contentType, IReadOnlyDictionary<string, string>? custom)
    {
        if (contentType is not null && (contentType.Length > MaxContentTypeLength || contentType.Length == 0))
        {
            throw new ArgumentException($"A content type has 1 to {MaxContentTypeLength} characters.", nameof(contentType));
        }

        if (custom is null || custom.Count == 0)
        {
            return null;
        }

        if (custom.Count > MaxCustomEntries)
        {
            throw new ArgumentException($"At most {MaxCustomEntries} custom entries are allowed.", nameof(custom));
        }

        Dictionary<string, string> copy = new(custom.Count, StringComparer.Ordinal);
        long bytes = 0;
        foreach (KeyValuePair<string, string> entry in custom)
        {
            if (string.IsNullOrEmpty(entry.Key) || entry.Value is null)
            {
                throw new ArgumentException("Custom metadata keys must be non-empty and values non-null.", nameof(custom));
            }

            bytes += Encoding.UTF8.GetByteCount(entry.Key) + Encoding.UTF8.GetByteCount(entry.Value);
            if (bytes > MaxCustomBytes)
            {
                throw new ArgumentException($"Custom metadata is limited to {MaxCustomBytes} UTF-8 bytes.", nameof(custom));
            }

            copy[entry.Key] = entry.Value;
        }

        return copy;
    }
}
