using System;
using System.Collections.Generic;
using System.Text;

namespace Engine.Sqlite.Gateway;

/// <summary>
/// The reference's sync schema (OR3's SQLite provider, migrations 002, 003, 006 and 007, folded into one script): a
/// counter per workspace, the change log with its unique op-id index, device cursors with their owner, tombstones (one
/// per record), one materialized <c>s_&lt;table&gt;</c> table per synced table, and copied snapshot pages.
/// </summary>
/// <remarks>
/// One addition: <c>change_log.fingerprint</c> holds the op's SHA-256 fingerprint as the gateway computes it, where the
/// reference recomputes a fingerprint from the logged columns; replays compare the same bytes either way.
/// </remarks>
internal static class SqliteGatewaySchema
{
    /// <summary>The materialized table of <paramref name="table"/>; the name is checked to be a plain identifier.</summary>
    public static string MaterializedTable(string table) => "s_" + table;

    /// <summary>The script that creates every table and index that is missing.</summary>
    public static string CreateScript(IEnumerable<string> tables)
    {
        StringBuilder script = new("""
            CREATE TABLE IF NOT EXISTS server_version_counter (
                workspace_id TEXT PRIMARY KEY,
                value INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS change_log (
                id INTEGER PRIMARY KEY,
                workspace_id TEXT NOT NULL,
                server_version INTEGER NOT NULL,
                table_name TEXT NOT NULL,
                pk TEXT NOT NULL,
                op TEXT NOT NULL,
                payload_json TEXT,
                clock INTEGER NOT NULL,
                hlc TEXT NOT NULL,
                device_id TEXT NOT NULL,
                op_id TEXT NOT NULL,
                fingerprint BLOB NOT NULL,
                created_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS idx_change_log_ws_sv ON change_log (workspace_id, server_version);
            CREATE UNIQUE INDEX IF NOT EXISTS idx_change_log_op_id ON change_log (op_id);
            CREATE TABLE IF NOT EXISTS device_cursors (
                workspace_id TEXT NOT NULL,
                device_id TEXT NOT NULL,
                owner_user_id TEXT NOT NULL,
                last_seen_version INTEGER NOT NULL DEFAULT 0,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (workspace_id, device_id));
            CREATE INDEX IF NOT EXISTS idx_device_cursors_ws_version ON device_cursors (workspace_id, last_seen_version);
            CREATE TABLE IF NOT EXISTS tombstones (
                workspace_id TEXT NOT NULL,
                table_name TEXT NOT NULL,
                pk TEXT NOT NULL,
                deleted_at INTEGER NOT NULL,
                clock INTEGER NOT NULL,
                hlc TEXT NOT NULL,
                op_id TEXT NOT NULL,
                server_version INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (workspace_id, table_name, pk));
            CREATE INDEX IF NOT EXISTS idx_tombstones_ws_sv ON tombstones (workspace_id, server_version);
            CREATE TABLE IF NOT EXISTS sync_snapshots (
                id TEXT PRIMARY KEY,
                workspace_id TEXT NOT NULL,
                high_watermark INTEGER NOT NULL,
                tables TEXT,
                expires_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS sync_snapshot_items (
                snapshot_id TEXT NOT NULL,
                table_name TEXT NOT NULL,
                pk TEXT NOT NULL,
                kind INTEGER NOT NULL,
                payload_json TEXT,
                clock INTEGER NOT NULL,
                hlc TEXT NOT NULL,
                op_id TEXT NOT NULL,
                server_deleted_at INTEGER NOT NULL,
                PRIMARY KEY (snapshot_id, table_name, pk, kind)) WITHOUT ROWID;

            """);
        foreach (string table in tables)
        {
            string name = MaterializedTable(CheckIdentifier(table));
            script.Append($"""
                CREATE TABLE IF NOT EXISTS {name} (
                    id TEXT NOT NULL,
                    workspace_id TEXT NOT NULL,
                    data_json TEXT NOT NULL,
                    clock INTEGER NOT NULL DEFAULT 0,
                    hlc TEXT NOT NULL DEFAULT '',
                    device_id TEXT NOT NULL DEFAULT '',
                    op_id TEXT NOT NULL DEFAULT '',
                    deleted INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, id));

                """);
        }

        return script.ToString();
    }

    /// <summary>Table names become SQL identifiers: lower-case letters, digits and underscores only.</summary>
    public static string CheckIdentifier(string table)
    {
        if (table.Length is 0 or > 64)
        {
            throw new ArgumentException($"The table name '{table}' must be 1 to 64 characters.", nameof(table));
        }

        foreach (char c in table)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                throw new ArgumentException($"The table name '{table}' may hold only a-z, 0-9 and '_'.", nameof(table));
            }
        }

        return table;
    }
}
