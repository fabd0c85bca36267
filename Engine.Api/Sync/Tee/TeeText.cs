using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Engine.Api.Sync.Results;

namespace Engine.Api.Sync.Tee;

/// <summary>Renders arguments and answers as text for divergence reports, bounded so a large listing stays readable.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class TeeText
{
    // Rows of a listing and bytes of a blob a report shows; the difference text names the rows that differ.
    private const int ShownRows = 10;
    private const int ShownBytes = 64;

    /// <summary>The value as text: protobuf messages as their JSON, bytes as hex, lists and maps element by element.</summary>
    public static string Of(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        byte[] bytes => Hex(bytes),
        bool or int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        KeyValuePair<string, byte[]> pair => $"{pair.Key}={Hex(pair.Value)}",
        IReadOnlyDictionary<string, long> counts => "{" + string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + "}",
        IReadOnlyDictionary<string, byte[]> values => "{" + string.Join(", ", values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Hex(p.Value)}")) + "}",
        IndexVerifyReport report => report.ToString(),
        IEnumerable rows => Rows(rows),
        _ => value.ToString() ?? "",
    };

    /// <summary>An error as its type and, for a storage error, its code and message.</summary>
    public static string Error(Exception error) => error is StorageException storage
        ? $"error {storage.Code}: {storage.Message}"
        : $"error {error.GetType().Name}: {error.Message}";

    private static string Rows(IEnumerable rows)
    {
        StringBuilder text = new("[");
        int count = 0;
        foreach (object? row in rows)
        {
            if (count < ShownRows)
            {
                text.Append(count == 0 ? "" : ", ").Append(Of(row));
            }

            count++;
        }

        if (count > ShownRows)
        {
            text.Append(CultureInfo.InvariantCulture, $", ... {count - ShownRows} more");
        }

        return text.Append("] (").Append(count).Append(count == 1 ? " row)" : " rows)").ToString();
    }

    private static string Hex(byte[] bytes) => bytes.Length <= ShownBytes
        ? Convert.ToHexString(bytes)
        : $"{Convert.ToHexString(bytes, 0, ShownBytes)}... ({bytes.Length} bytes)";
}
