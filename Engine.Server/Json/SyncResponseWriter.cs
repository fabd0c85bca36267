using System.Text.Json;
using Engine.Api.Gateway;

namespace Engine.Server.Json;

/// <summary>
/// Writes the sync routes' responses in snake_case. Payloads are written back as the client's bytes
/// (<see cref="Utf8JsonWriter.WriteRawValue(System.ReadOnlySpan{byte}, bool)"/>), never re-serialized, so key order and
/// number spelling survive the round trip.
/// </summary>
internal static class SyncResponseWriter
{
    /// <summary><c>{"results": [...], "server_version"}</c>.</summary>
    public static void WritePush(Utf8JsonWriter json, PushResult result)
    {
        json.WriteStartObject();
        json.WriteStartArray("results");
        foreach (PushOpResult op in result.Results)
        {
            WriteOpResult(json, op);
        }

        json.WriteEndArray();
        json.WriteNumber("server_version", result.ServerVersion);
        json.WriteEndObject();
    }

    /// <summary>One change of a pull: <c>{"server_version", "table_name", "pk", "op", "payload"?, "stamp"}</c>.</summary>
    public static void WriteChange(Utf8JsonWriter json, SyncChange change)
    {
        json.WriteStartObject();
        json.WriteNumber("server_version", change.ServerVersion);
        json.WriteString("table_name", change.TableName);
        json.WriteString("pk", change.Pk);
        json.WriteString("op", WireNames.Of(change.Op));
        if (change.PayloadJson is { } payload)
        {
            json.WritePropertyName("payload");
            json.WriteRawValue(payload.Span);
        }

        WriteStamp(json, change.Stamp);
        json.WriteEndObject();
    }

    /// <summary>The fields of a pull that follow its changes.</summary>
    public static void WritePullTail(Utf8JsonWriter json, PullResponse response)
    {
        json.WriteNumber("next_cursor", response.NextCursor);
        json.WriteBoolean("has_more", response.HasMore);
        json.WriteNumber("oldest_retained_version", response.OldestRetainedVersion);
        json.WriteBoolean("requires_snapshot", response.RequiresSnapshot);
    }

    /// <summary>One snapshot item: a <c>row</c> with its payload or a <c>tombstone</c> with <c>server_deleted_at</c>.</summary>
    public static void WriteSnapshotItem(Utf8JsonWriter json, SnapshotItem item)
    {
        json.WriteStartObject();
        json.WriteString("kind", item is SnapshotRow ? "row" : "tombstone");
        json.WriteString("table_name", item.TableName);
        json.WriteString("pk", item.Pk);
        switch (item)
        {
            case SnapshotRow row:
                json.WritePropertyName("payload");
                json.WriteRawValue(row.PayloadJson.Span);
                break;
            case SnapshotTombstone tombstone:
                json.WriteNumber("server_deleted_at", tombstone.ServerDeletedAt);
                break;
        }

        WriteRevision(json, item.Revision);
        json.WriteEndObject();
    }

    /// <summary><c>{"cursors_expired", "entries_deleted", "new_oldest_retained_version"}</c>.</summary>
    public static void WriteGc(Utf8JsonWriter json, GcResult result)
    {
        json.WriteStartObject();
        json.WriteNumber("cursors_expired", result.CursorsExpired);
        json.WriteNumber("entries_deleted", result.EntriesDeleted);
        json.WriteNumber("new_oldest_retained_version", result.NewOldestRetainedVersion);
        json.WriteEndObject();
    }

    /// <summary><c>{"snapshot_bootstrap"?: "snapshot-v1", "history_retention"?: "snapshot-v1"}</c>; a missing key means off.</summary>
    public static void WriteCapabilities(Utf8JsonWriter json, SyncCapabilities capabilities)
    {
        json.WriteStartObject();
        if ((capabilities & SyncCapabilities.SnapshotV1) != 0)
        {
            json.WriteString("snapshot_bootstrap", "snapshot-v1");
        }

        if ((capabilities & SyncCapabilities.HistoryRetentionV1) != 0)
        {
            json.WriteString("history_retention", "snapshot-v1");
        }

        json.WriteEndObject();
    }

    private static void WriteOpResult(Utf8JsonWriter json, PushOpResult op)
    {
        json.WriteStartObject();
        json.WriteString("op_id", op.OpId);
        json.WriteBoolean("success", op.Success);
        if (op.ServerVersion is long version)
        {
            json.WriteNumber("server_version", version);
        }

        if (op.Applied is bool applied)
        {
            json.WriteBoolean("applied", applied);
        }

        json.WriteBoolean("replayed", op.Replayed);
        json.WriteBoolean("was_existing", op.WasExisting);
        if (op.ErrorCode is SyncErrorCode code)
        {
            json.WriteString("error_code", WireNames.Of(code));
        }

        if (op.Error is not null)
        {
            json.WriteString("error", op.Error);
        }

        if (op.Winner is not null)
        {
            WriteWinner(json, op.Winner);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The winner that beat a losing op; a put winner's payload also goes in the result's own <c>payload</c>, where the
    /// reference's older clients read it.
    /// </summary>
    private static void WriteWinner(Utf8JsonWriter json, PushWinner winner)
    {
        if (winner is PutWinner put)
        {
            json.WritePropertyName("payload");
            json.WriteRawValue(put.PayloadJson.Span);
        }

        json.WriteStartObject("winner");
        switch (winner)
        {
            case PutWinner putWinner:
                json.WriteString("kind", "put");
                json.WritePropertyName("payload");
                json.WriteRawValue(putWinner.PayloadJson.Span);
                break;
            case DeleteWinner deleteWinner:
                json.WriteString("kind", "delete");
                json.WriteNumber("server_deleted_at", deleteWinner.ServerDeletedAt);
                break;
        }

        WriteRevision(json, winner.Revision);
        json.WriteEndObject();
    }

    private static void WriteStamp(Utf8JsonWriter json, ChangeStamp stamp)
    {
        json.WriteStartObject("stamp");
        json.WriteString("device_id", stamp.DeviceId);
        json.WriteString("op_id", stamp.OpId);
        json.WriteString("hlc", stamp.Hlc);
        json.WriteNumber("clock", stamp.Clock);
        json.WriteEndObject();
    }

    private static void WriteRevision(Utf8JsonWriter json, Revision revision)
    {
        json.WriteStartObject("revision");
        json.WriteNumber("clock", revision.Clock);
        json.WriteString("hlc", revision.Hlc);
        json.WriteString("op_id", revision.OpId);
        json.WriteEndObject();
    }
}
