using System;
using System.Collections.Generic;
using System.Text.Json;
using C1.Reader.V2;
using Engine.Api.Sync.Store;

namespace Engine.Api.Sync.V1;

/// <summary>
/// Reads the <c>stats</c> column of a v1 <c>v1_sync_runs</c> row: the reference stores Go's <c>encoding/json</c> of its
/// <c>reader_v2.SyncStats</c> struct (field names from the JSON tags, such as <c>resource_types</c>, zero values
/// omitted) and reads it back with <c>json.Unmarshal</c>.
/// </summary>
/// <remarks>
/// Decoded as Go decodes it: names match case-insensitively, unknown fields are ignored, null leaves a field at zero, a
/// repeated map field merges. As the reference's <c>parseStats</c>: an empty value is no stats, and a value that does not
/// decode (malformed JSON, a fraction or a string where an integer belongs) is ignored as if absent, so the stats are
/// counted again when asked for. Stateless; thread-safe.
/// </remarks>
internal static class V1StatsJson
{
    /// <summary>The scalar fields, by JSON name.</summary>
    private static readonly (string Name, Action<SyncStats, long> Set)[] s_counts =
    [
        ("resource_types", static (stats, n) => stats.ResourceTypes = n),
        ("resources", static (stats, n) => stats.Resources = n),
        ("entitlements", static (stats, n) => stats.Entitlements = n),
        ("grants", static (stats, n) => stats.Grants = n),
        ("assets", static (stats, n) => stats.Assets = n),
    ];

    /// <summary>The stats in <paramref name="json"/>, or null when it is empty or does not decode.</summary>
    public static SyncStats? Parse(string json)
    {
        if (json.Length == 0)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Object => Read(document.RootElement),
                JsonValueKind.Null => new SyncStats(),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SyncStats? Read(JsonElement root)
    {
        SyncStats stats = new();
        Dictionary<string, long> resources = new(StringComparer.Ordinal);
        Dictionary<string, long> grants = new(StringComparer.Ordinal);
        Dictionary<string, long> entitlements = new(StringComparer.Ordinal);
        Dictionary<string, long> steps = new(StringComparer.Ordinal);
        Dictionary<string, CallStat?> calls = new(StringComparer.Ordinal);
        Dictionary<string, CallStat?> sessions = new(StringComparer.Ordinal);
        foreach (JsonProperty field in root.EnumerateObject())
        {
            bool ok;
            if (Array.FindIndex(s_counts, c => SyncTokenTimings.Is(field, c.Name)) is int count and >= 0)
            {
                ok = SyncTokenTimings.TryInt64(field.Value, out long number);
                s_counts[count].Set(stats, number);
            }
            else
            {
                ok = ReadMaps(field, resources, grants, entitlements, steps, calls, sessions);
            }

            if (!ok)
            {
                return null;
            }
        }

        SyncTokenTimings.AddSorted(stats.ResourcesByResourceType, resources);
        SyncTokenTimings.AddSorted(stats.GrantsByResourceType, grants);
        SyncTokenTimings.AddSorted(stats.EntitlementsByResourceType, entitlements);
        SyncTokenTimings.AddSorted(stats.StepDurationsMs, steps);
        SyncTokenTimings.AddSorted(stats.ConnectorCallStats, calls);
        SyncTokenTimings.AddSorted(stats.SessionStoreStats, sessions);
        return stats;
    }

    /// <summary>Merges a map field into its dictionary (an unknown field is ignored); false when its value has the wrong shape.</summary>
    private static bool ReadMaps(
        JsonProperty field,
        Dictionary<string, long> resources,
        Dictionary<string, long> grants,
        Dictionary<string, long> entitlements,
        Dictionary<string, long> steps,
        Dictionary<string, CallStat?> calls,
        Dictionary<string, CallStat?> sessions)
    {
        Dictionary<string, long>? counts =
            SyncTokenTimings.Is(field, "resources_by_resource_type") ? resources :
            SyncTokenTimings.Is(field, "grants_by_resource_type") ? grants :
            SyncTokenTimings.Is(field, "entitlements_by_resource_type") ? entitlements :
            SyncTokenTimings.Is(field, "step_durations_ms") ? steps : null;
        if (counts is not null)
        {
            return SyncTokenTimings.ReadMap(field.Value, counts, static (JsonElement item, out long n) => SyncTokenTimings.TryInt64(item, out n));
        }

        Dictionary<string, CallStat?>? stats =
            SyncTokenTimings.Is(field, "connector_call_stats") ? calls :
            SyncTokenTimings.Is(field, "session_store_stats") ? sessions : null;
        return stats is null || SyncTokenTimings.ReadMap<CallStat?>(field.Value, stats, SyncTokenTimings.TryCallStat);
    }
}
