using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using C1.Reader.V2;
using Engine.Api.Sync.Store;
using Google.Protobuf.Collections;

namespace Engine.Sqlite;

/// <summary>
/// The cached stats of <c>v1_sync_runs.stats</c>: JSON as Go's <c>encoding/json</c> writes the reference's
/// <c>SyncStats</c> struct (snake_case names, zero values omitted, numbers as numbers, map keys sorted by bytes).
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SyncStatsJson
{
    public static string Write(SyncStats stats)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            Number(json, "resource_types", stats.ResourceTypes);
            Number(json, "resources", stats.Resources);
            Number(json, "entitlements", stats.Entitlements);
            Number(json, "grants", stats.Grants);
            Counts(json, "resources_by_resource_type", stats.ResourcesByResourceType);
            Counts(json, "grants_by_resource_type", stats.GrantsByResourceType);
            Counts(json, "entitlements_by_resource_type", stats.EntitlementsByResourceType);
            Number(json, "assets", stats.Assets);
            Counts(json, "step_durations_ms", stats.StepDurationsMs);
            Calls(json, "connector_call_stats", stats.ConnectorCallStats);
            Calls(json, "session_store_stats", stats.SessionStoreStats);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The stats of <paramref name="text"/>; null when it is empty or does not parse (the reference then recounts).</summary>
    public static SyncStats? TryRead(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            SyncStats stats = new();
            foreach (JsonProperty property in root.EnumerateObject())
            {
                JsonElement value = property.Value;
                switch (property.Name)
                {
                    case "resource_types": stats.ResourceTypes = value.GetInt64(); break;
                    case "resources": stats.Resources = value.GetInt64(); break;
                    case "entitlements": stats.Entitlements = value.GetInt64(); break;
                    case "grants": stats.Grants = value.GetInt64(); break;
                    case "assets": stats.Assets = value.GetInt64(); break;
                    case "resources_by_resource_type": ReadCounts(value, stats.ResourcesByResourceType); break;
                    case "grants_by_resource_type": ReadCounts(value, stats.GrantsByResourceType); break;
                    case "entitlements_by_resource_type": ReadCounts(value, stats.EntitlementsByResourceType); break;
                    case "step_durations_ms": ReadCounts(value, stats.StepDurationsMs); break;
                    case "connector_call_stats": ReadCalls(value, stats.ConnectorCallStats); break;
                    case "session_store_stats": ReadCalls(value, stats.SessionStoreStats); break;
                    default: break;
                }
            }

            return stats;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void Number(Utf8JsonWriter json, string name, long value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }

    private static void Counts(Utf8JsonWriter json, string name, MapField<string, long> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (KeyValuePair<string, long> entry in map.OrderBy(e => e.Key, Utf8Order.Instance))
        {
            json.WriteNumber(entry.Key, entry.Value);
        }

        json.WriteEndObject();
    }

    private static void Calls(Utf8JsonWriter json, string name, MapField<string, CallStat> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (KeyValuePair<string, CallStat> entry in map.OrderBy(e => e.Key, Utf8Order.Instance))
        {
            json.WriteStartObject(entry.Key);
            Number(json, "count", entry.Value.Count);
            Number(json, "total_ms", entry.Value.TotalMs);
            Number(json, "max_ms", entry.Value.MaxMs);
            Number(json, "errors", entry.Value.Errors);
            Number(json, "timeouts", entry.Value.Timeouts);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void ReadCounts(JsonElement value, MapField<string, long> map)
    {
        foreach (JsonProperty entry in value.EnumerateObject())
        {
            map[entry.Name] = entry.Value.GetInt64();
        }
    }

    private static void ReadCalls(JsonElement value, MapField<string, CallStat> map)
    {
        foreach (JsonProperty entry in value.EnumerateObject())
        {
            CallStat call = new();
            foreach (JsonProperty field in entry.Value.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "count": call.Count = field.Value.GetInt64(); break;
                    case "total_ms": call.TotalMs = field.Value.GetInt64(); break;
                    case "max_ms": call.MaxMs = field.Value.GetInt64(); break;
                    case "errors": call.Errors = field.Value.GetInt64(); break;
                    case "timeouts": call.Timeouts = field.Value.GetInt64(); break;
                    default: break;
                }
            }

            map[entry.Name] = call;
        }
    }
}
