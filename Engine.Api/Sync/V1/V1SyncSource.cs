using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using C1.Connector.V2;
using Engine.Api.Sync.Transfer;
using Engine.Api.Sync.V1.Sqlite;
using Google.Protobuf;

namespace Engine.Api.Sync.V1;

/// <summary>
/// The syncs of a reference v1 SQLite database (the content of a v1 <c>.c1z</c>), read with the managed
/// <see cref="SqliteFileReader"/> and handed out as the reference would see them after opening the file: its column
/// migrations applied as defaults and the grant expansion backfill applied on the fly (shared/spec/baton-storage.md,
/// section 9.2). Every table is streamed row by row; nothing is loaded whole.
/// </summary>
/// <remarks>
/// <para>
/// Columns are found by name, never by position. A column the reference's migrations add (<c>linked_sync_id</c>,
/// <c>supports_diff</c>, <c>grants_backfilled</c>, <c>stats</c>, the <c>ingest_invariant_*</c> columns,
/// <c>expansion</c>, <c>needs_expansion</c>) reads as its migration default when the table lacks it; any other column
/// missing, or one of the five tables <c>v1_sync_runs</c>, <c>v1_resource_types</c>, <c>v1_resources</c>,
/// <c>v1_entitlements</c> and <c>v1_grants</c> missing, is a <see cref="V1FileException"/> naming it. A missing
/// <c>v1_assets</c> or <c>v1_connector_sessions</c> reads as empty, as the reference creates them empty on open.
/// </para>
/// <para>
/// Timestamps are the reference's zone-less wall-clock text, read in <see cref="TimeZone"/>; text that is not such a
/// timestamp is a <see cref="V1FileException"/> naming the table, row and column. The <c>stats</c> JSON is read as the
/// reference reads it, and ignored when it does not decode (<see cref="V1StatsJson"/>). Runs come out with
/// <see cref="TransferRun.GrantsBackfilled"/> set, since their grants come out backfilled. One thread.
/// </para>
/// </remarks>
public sealed class V1SyncSource : ISyncTransferSource, IDisposable
{
    private const string SyncRuns = "v1_sync_runs";
    private const string Assets = "v1_assets";
    private const string Sessions = "v1_connector_sessions";

    private readonly SqliteFileReader _reader;
    private readonly string _fileName;

    // Sync id to its stored grants_backfilled; read on first need.
    private Dictionary<string, bool>? _backfilled;

    /// <summary>Opens the SQLite database file at <paramref name="databasePath"/>.</summary>
    /// <param name="databasePath">The decoded database.</param>
    /// <param name="timeZone">The zone the file's timestamps were written in; null for the local zone, as the reference.</param>
    /// <param name="fileName">The name errors give the file (the <c>.c1z</c> it came from); null for <paramref name="databasePath"/>.</param>
    /// <exception cref="V1FileException">The file is not an SQLite database, or is damaged.</exception>
    public V1SyncSource(string databasePath, TimeZoneInfo? timeZone = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        _reader = SqliteFileReader.Open(databasePath);
        _fileName = fileName ?? databasePath;
        TimeZone = timeZone ?? TimeZoneInfo.Local;
    }

    /// <summary>The zone the file's timestamps are read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Every run of <c>v1_sync_runs</c>, in rowid (creation) order.</summary>
    /// <exception cref="V1FileException">The table or a required column is missing; a timestamp is malformed; the database is damaged.</exception>
    public IEnumerable<TransferRun> ExportRuns()
    {
        V1Table runs = Table(SyncRuns);
        int syncId = runs.Require("sync_id");
        int startedAt = runs.Require("started_at");
        int endedAt = runs.Require("ended_at");
        int syncToken = runs.Require("sync_token");
        int syncType = runs.Require("sync_type");
        int parentSyncId = runs.Require("parent_sync_id");
        int linkedSyncId = runs.Optional("linked_sync_id");
        int supportsDiff = runs.Optional("supports_diff");
        int stats = runs.Optional("stats");
        int generation = runs.Optional("ingest_invariant_generation");
        int coverage = runs.Optional("ingest_invariant_coverage");
        int mode = runs.Optional("ingest_invariant_mode");
        foreach (SqliteRow row in _reader.ReadRows(runs.Schema))
        {
            V1Row r = new(runs, row);
            yield return new TransferRun
            {
                SyncId = r.Text(syncId),
                StartedAtUnixNanos = r.Timestamp(startedAt, TimeZone),
                EndedAtUnixNanos = r.IsNull(endedAt) ? null : r.Timestamp(endedAt, TimeZone),
                SyncToken = r.Text(syncToken),
                SyncType = r.Text(syncType, "full"),
                ParentSyncId = r.Text(parentSyncId),
                LinkedSyncId = r.Text(linkedSyncId),
                SupportsDiff = r.Flag(supportsDiff),
                GrantsBackfilled = true,
                Stats = r.IsNull(stats) ? null : V1StatsJson.Parse(r.Text(stats)),
                IngestInvariantGeneration = r.Text(generation),
                IngestInvariantCoverage = Coverage(r.Text(coverage)),
                IngestInvariantMode = r.Text(mode),
            };
        }
    }

    /// <summary>Every row of <paramref name="table"/> in sync <paramref name="syncId"/>, in rowid order; grants backfilled when the sync's are not.</summary>
    /// <exception cref="V1FileException">The table or a required column is missing; a timestamp or a grant blob is malformed; the database is damaged.</exception>
    public IEnumerable<TransferRecord> ExportRecords(string syncId, RecordTable table)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        return table switch
        {
            RecordTable.ResourceTypes => ResourceTypes(syncId),
            RecordTable.Resources => Resources(syncId),
            RecordTable.Entitlements => Entitlements(syncId),
            RecordTable.Grants => Grants(syncId, !IsBackfilled(syncId)),
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "not a record table"),
        };
    }

    /// <summary>Every asset of sync <paramref name="syncId"/> in <c>v1_assets</c>, in rowid order; none when the table is missing.</summary>
    public IEnumerable<TransferAsset> ExportAssets(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        if (_reader.FindTable(Assets) is null)
        {
            yield break;
        }

        V1Table assets = Table(Assets);
        int externalId = assets.Require("external_id");
        int contentType = assets.Require("content_type");
        int data = assets.Require("data");
        int discoveredAt = assets.Require("discovered_at");
        foreach (V1Row r in Rows(assets, syncId))
        {
            yield return new TransferAsset
            {
                ExternalId = r.Text(externalId),
                ContentType = r.Text(contentType),
                Data = r.Bytes(data),
                DiscoveredAtUnixNanos = r.Timestamp(discoveredAt, TimeZone),
            };
        }
    }

    /// <summary>Every entry of sync <paramref name="syncId"/> in <c>v1_connector_sessions</c>, in rowid order; none when the table is missing.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> ExportSessions(string syncId)
    {
        ArgumentNullException.ThrowIfNull(syncId);
        if (_reader.FindTable(Sessions) is null)
        {
            yield break;
        }

        V1Table sessions = Table(Sessions);
        int key = sessions.Require("key");
        int value = sessions.Require("value");
        foreach (V1Row r in Rows(sessions, syncId))
        {
            yield return new KeyValuePair<string, byte[]>(r.Text(key), r.Bytes(value));
        }
    }

    /// <summary>Closes the database file.</summary>
    public void Dispose() => _reader.Dispose();

    private IEnumerable<TransferRecord> ResourceTypes(string syncId)
    {
        V1Table t = Table("v1_resource_types");
        EntityColumns c = new(t, ResourceType.Parser);
        foreach (V1Row r in Rows(t, syncId))
        {
            yield return c.Read(r, TimeZone);
        }
    }

    private IEnumerable<TransferRecord> Resources(string syncId)
    {
        V1Table t = Table("v1_resources");
        EntityColumns c = new(t, Resource.Parser);
        int resourceTypeId = t.Require("resource_type_id");
        int parentType = t.Require("parent_resource_type_id");
        int parentId = t.Require("parent_resource_id");
        foreach (V1Row r in Rows(t, syncId))
        {
            yield return c.Read(r, TimeZone) with
            {
                ResourceTypeId = r.Text(resourceTypeId),
                ParentResourceTypeId = r.IsNull(parentType) ? null : r.Text(parentType),
                ParentResourceId = r.IsNull(parentId) ? null : r.Text(parentId),
            };
        }
    }

    private IEnumerable<TransferRecord> Entitlements(string syncId)
    {
        V1Table t = Table("v1_entitlements");
        EntityColumns c = new(t, Entitlement.Parser);
        int resourceTypeId = t.Require("resource_type_id");
        int resourceId = t.Require("resource_id");
        foreach (V1Row r in Rows(t, syncId))
        {
            yield return c.Read(r, TimeZone) with { ResourceTypeId = r.Text(resourceTypeId), ResourceId = r.Text(resourceId) };
        }
    }

    private IEnumerable<TransferRecord> Grants(string syncId, bool backfill)
    {
        V1Table t = Table("v1_grants");
        EntityColumns c = new(t, Grant.Parser);
        int resourceTypeId = t.Require("resource_type_id");
        int resourceId = t.Require("resource_id");
        int entitlementId = t.Require("entitlement_id");
        int principalType = t.Require("principal_resource_type_id");
        int principalId = t.Require("principal_resource_id");
        int expansion = t.Optional("expansion");
        int needsExpansion = t.Optional("needs_expansion");
        foreach (V1Row r in Rows(t, syncId))
        {
            byte[] blob = r.Bytes(c.Data);
            byte[]? expanded = r.IsNull(expansion) ? null : r.Bytes(expansion);
            bool needs = r.Flag(needsExpansion);
            if (backfill && expanded is null)
            {
                (blob, expanded) = Backfill(t, r, blob);
                needs |= expanded is not null;
            }

            yield return c.Read(r, TimeZone, blob) with
            {
                ResourceTypeId = r.Text(resourceTypeId),
                ResourceId = r.Text(resourceId),
                EntitlementId = r.Text(entitlementId),
                PrincipalResourceTypeId = r.Text(principalType),
                PrincipalResourceId = r.Text(principalId),
                Expansion = expanded,
                NeedsExpansion = needs,
            };
        }
    }

    private (byte[] Data, byte[]? Expansion) Backfill(V1Table table, V1Row row, byte[] blob)
    {
        try
        {
            return V1GrantBackfill.Apply(blob);
        }
        catch (InvalidDataException ex)
        {
            throw new V1FileException(V1FileProblem.CorruptDatabase, _fileName, $"table {table.Name} row {row.RowId} column data: {ex.Message}", ex);
        }
    }

    /// <summary>The rows of <paramref name="table"/> whose <c>sync_id</c> is <paramref name="syncId"/>, compared as UTF-8 without decoding.</summary>
    private IEnumerable<V1Row> Rows(V1Table table, string syncId)
    {
        int column = table.Require("sync_id");
        byte[] wanted = Encoding.UTF8.GetBytes(syncId);
        foreach (SqliteRow row in _reader.ReadRows(table.Schema))
        {
            SqliteValue value = row[column];
            if (value.Kind == SqliteValueKind.Text && value.AsBlob.Span.SequenceEqual(wanted))
            {
                yield return new V1Row(table, row);
            }
        }
    }

    /// <summary>Whether sync <paramref name="syncId"/>'s grants were backfilled when stored (false when the column is missing: its migration default).</summary>
    private bool IsBackfilled(string syncId)
    {
        if (_backfilled is null)
        {
            V1Table runs = Table(SyncRuns);
            int id = runs.Require("sync_id");
            int flag = runs.Optional("grants_backfilled");
            Dictionary<string, bool> backfilled = new(StringComparer.Ordinal);
            foreach (SqliteRow row in _reader.ReadRows(runs.Schema))
            {
                V1Row r = new(runs, row);
                backfilled[r.Text(id)] = r.Flag(flag);
            }

            _backfilled = backfilled;
        }

        return _backfilled.GetValueOrDefault(syncId);
    }

    private V1Table Table(string name) =>
        new(_reader.FindTable(name) ?? throw new V1FileException(V1FileProblem.MissingTable, _fileName, $"the database has no table {name}"), _fileName);

    /// <summary>The coverage list stored as a JSON array of strings; empty (unverified) when it is empty or malformed, as the reference reads it.</summary>
    private static List<string> Coverage(string json)
    {
        List<string> coverage = [];
        if (json.Length == 0)
        {
            return coverage;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return [];
                }

                coverage.Add(item.GetString()!);
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return coverage;
    }

    /// <summary>The columns every entity table has: external_id, data, discovered_at.</summary>
    private readonly struct EntityColumns(V1Table table, MessageParser parser)
    {
        public readonly int ExternalId = table.Require("external_id");
        public readonly int Data = table.Require("data");
        public readonly int DiscoveredAt = table.Require("discovered_at");

        /// <summary>The row's common fields; its blob is <paramref name="data"/> when given (a backfilled grant's), else the stored one.</summary>
        /// <exception cref="V1FileException">CorruptDatabase naming the table, row and column: the blob is not the table's message.</exception>
        public TransferRecord Read(V1Row r, TimeZoneInfo zone, byte[]? data = null)
        {
            byte[] blob = data ?? r.Bytes(Data);

            // The blob is stored as it is, never re-encoded, so a damaged one would only surface when read: parsing it
            // once here reports it while the file is at hand.
            try
            {
                parser.ParseFrom(blob);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new V1FileException(V1FileProblem.CorruptDatabase, table.FileName, $"table {table.Name} row {r.RowId} column data: not a valid message ({ex.Message})");
            }

            return new() { ExternalId = r.Text(ExternalId), Data = blob, DiscoveredAtUnixNanos = r.Timestamp(DiscoveredAt, zone) };
        }
    }
}
