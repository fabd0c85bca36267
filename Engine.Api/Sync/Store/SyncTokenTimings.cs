using System;
using System.Collections.Generic;
using System.Text.Json;
using C1.Reader.V2;
using Google.Protobuf.Collections;

namespace Engine.Api.Sync.Store;

/// <summary>
/// Lifts the timings the syncer writes into its checkpoint token (JSON: <c>step_durations_ms</c>,
/// <c>connector_call_stats</c>, <c>session_store_stats</c>) into a sync's stats, as the reference's
/// <c>ApplySyncTokenStats</c> does.
/// </summary>
/// <remarks>
/// The token is decoded the way Go's <c>encoding/json</c> decodes it into the reference's struct: field names match
/// case-insensitively, unknown fields are ignored, a repeated field merges into the maps read before it, a null map
/// entry counts as 0 (or, for a call stat, is dropped), and a timing value of the wrong shape (a fraction where an
/// integer belongs, a string where a map belongs) or malformed JSON makes the whole token ignored; the content of
/// <c>ingest_quality</c> is not checked, since the readers' stats have no field for it. A token with none of the timing
/// keys nor <c>ingest_quality</c> is ignored too. Maps are added in ascending UTF-8 key order. Stateless; thread-safe.
/// </remarks>
internal static class SyncTokenTimings
{
    /// <summary>Sets the timing maps of <paramref name="stats"/> from <paramref name="syncToken"/>, when it holds any.</summary>
    public static void Apply(SyncStats stats, string syncToken)
    {
        if (syncToken.Length == 0 || !TryParse(syncToken, out Timings? timings))
        {
            return;
        }

        AddSorted(stats.StepDurationsMs, timings.Steps);
        AddSorted(stats.ConnectorCallStats, timings.Calls);
        AddSorted(stats.SessionStoreStats, timings.Sessions);
    }

    private sealed class Timings
    {
        public Dictionary<string, long> Steps { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CallStat?> Calls { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CallStat?> Sessions { get; } = new(StringComparer.Ordinal);

        public bool HasIngestQuality { get; set; }

        public bool IsEmpty => Steps.Count == 0 && Calls.Count == 0 && Sessions.Count == 0 && !HasIngestQuality;
    }

    private static bool TryParse(string syncToken, out Timings timings)
    {
        timings = new Timings();
        try
        {
            using JsonDocument document = JsonDocument.Parse(syncToken);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!ReadField(property, timings))
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return !timings.IsEmpty;
    }

    /// <summary>Reads one top-level field into <paramref name="timings"/>; false when its value has the wrong shape.</summary>
    private static bool ReadField(JsonProperty property, Timings timings)
    {
        JsonElement value = property.Value;
        if (Is(property, "step_durations_ms"))
        {
            return ReadMap(value, timings.Steps, static (JsonElement item, out long ms) => TryInt64(item, out ms));
        }

        if (Is(property, "connector_call_stats"))
        {
            return ReadMap<CallStat?>(value, timings.Calls, TryCallStat);
        }

        if (Is(property, "session_store_stats"))
        {
            return ReadMap<CallStat?>(value, timings.Sessions, TryCallStat);
        }

        if (Is(property, "ingest_quality"))
        {
            // Only its presence matters here: the readers' stats have no field for it.
            if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return false;
            }

            timings.HasIngestQuality |= value.ValueKind == JsonValueKind.Object;
        }

        return true;
    }

    /// <summary>Reads one JSON value as Go's decoder would into a field of type <typeparamref name="T"/>; false when it has the wrong shape.</summary>
    public delegate bool ItemReader<T>(JsonElement item, out T value);

    /// <summary>Merges a JSON object into <paramref name="map"/> (null leaves it as it is); false when a value has the wrong shape.</summary>
    public static bool ReadMap<T>(JsonElement value, Dictionary<string, T> map, ItemReader<T> readItem)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (JsonProperty entry in value.EnumerateObject())
        {
            if (!readItem(entry.Value, out T item))
            {
                return false;
            }

            map[entry.Name] = item;
        }

        return true;
    }

    /// <summary>A call stat object (null: none); false when it is not an object of integers.</summary>
    public static bool TryCallStat(JsonElement value, out CallStat? stat)
    {
        stat = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        CallStat read = new();
        foreach (JsonProperty field in value.EnumerateObject())
        {
            long number = 0;
            bool known = Is(field, "count") || Is(field, "total_ms") || Is(field, "max_ms") || Is(field, "errors") || Is(field, "timeouts");
            if (known && !TryInt64(field.Value, out number))
            {
                return false;
            }

            if (Is(field, "count"))
            {
                read.Count = number;
            }
            else if (Is(field, "total_ms"))
            {
                read.TotalMs = number;
            }
            else if (Is(field, "max_ms"))
            {
                read.MaxMs = number;
            }
            else if (Is(field, "errors"))
            {
                read.Errors = number;
            }
            else if (Is(field, "timeouts"))
            {
                read.Timeouts = number;
            }
        }

        stat = read;
        return true;
    }

    /// <summary>A JSON integer (null: 0, as Go leaves the zero value); false for a fraction, an exponent or another kind.</summary>
    public static bool TryInt64(JsonElement value, out long number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out number));
    }

    /// <summary>Whether a JSON field name matches a Go struct field's JSON name: case-insensitively, as Go's decoder matches.</summary>
    public static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    public static void AddSorted(MapField<string, long> map, Dictionary<string, long> values)
    {
        List<string> keys = [.. values.Keys];
        keys.Sort(Utf8Order.Instance);
        foreach (string key in keys)
        {
            map[key] = values[key];
        }
    }

    public static void AddSorted(MapField<string, CallStat> map, Dictionary<string, CallStat?> values)
    {
        List<string> keys = [.. values.Keys];
        keys.Sort(Utf8Order.Instance);
        foreach (string key in keys)
        {
            if (values[key] is CallStat stat)
            {
                map[key] = stat;
            }
        }
    }
}
