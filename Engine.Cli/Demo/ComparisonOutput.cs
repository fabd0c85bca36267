using System.Collections.Generic;
using System.Text.Json;
using Engine.Api.Sync.Results;
using Engine.Api.Sync.Transfer;
using Engine.Cli.Output;
using Spectre.Console;

namespace Engine.Cli.Demo;

/// <summary>How <c>diff</c> and <c>demo</c> show a <see cref="SyncComparison"/>: a counts table and change rows, or JSON.</summary>
internal static class ComparisonOutput
{
    /// <summary>The name of a table in output: the reference's v1 table name without its prefix.</summary>
    public static string NameOf(RecordTable table) => table switch
    {
        RecordTable.ResourceTypes => "resource_types",
        RecordTable.Resources => "resources",
        RecordTable.Entitlements => "entitlements",
        RecordTable.Grants => "grants",
        _ => table.ToString(),
    };

    public static string NameOf(SyncChangeKind kind) => kind switch
    {
        SyncChangeKind.Added => "added",
        SyncChangeKind.Removed => "removed",
        _ => "changed",
    };

    /// <summary>One row per table with its added, removed and changed counts, and a total row.</summary>
    public static Table CountsTable(SyncComparison comparison)
    {
        Table table = new();
        table.AddColumn("kind");
        table.AddColumn(new TableColumn("added").RightAligned());
        table.AddColumn(new TableColumn("removed").RightAligned());
        table.AddColumn(new TableColumn("changed").RightAligned());
        long added = 0, removed = 0, changed = 0;
        foreach (SyncChangeCounts counts in comparison.Counts)
        {
            table.AddRow(NameOf(counts.Table), Show.Count(counts.Added), Show.Count(counts.Removed), Show.Count(counts.Changed));
            added += counts.Added;
            removed += counts.Removed;
            changed += counts.Changed;
        }

        table.AddRow("total", Show.Count(added), Show.Count(removed), Show.Count(changed));
        return table;
    }

    /// <summary>The rows of <paramref name="changes"/>: kind, change and id.</summary>
    public static Table ChangesTable(IEnumerable<SyncChange> changes)
    {
        Table table = new();
        table.AddColumns("kind", "change", "id");
        foreach (SyncChange change in changes)
        {
            table.AddRow(NameOf(change.Table), NameOf(change.Kind), Markup.Escape(change.Id));
        }

        return table;
    }

    /// <summary>Writes the comparison's sync ids and counts as properties of the current JSON object.</summary>
    public static void WriteSummary(Utf8JsonWriter json, SyncComparison comparison)
    {
        json.WriteString("baseSyncId", comparison.BaseSyncId);
        json.WriteString("appliedSyncId", comparison.AppliedSyncId);
        json.WriteStartObject("counts");
        foreach (SyncChangeCounts counts in comparison.Counts)
        {
            json.WriteStartObject(NameOf(counts.Table));
            json.WriteNumber("added", counts.Added);
            json.WriteNumber("removed", counts.Removed);
            json.WriteNumber("changed", counts.Changed);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteNumber("totalChanges", comparison.TotalChanges);
    }

    /// <summary>Writes one change's properties into the current JSON object.</summary>
    public static void WriteChange(Utf8JsonWriter json, SyncChange change)
    {
        json.WriteString("kind", NameOf(change.Table));
        json.WriteString("change", NameOf(change.Kind));
        json.WriteString("id", change.Id);
    }
}
