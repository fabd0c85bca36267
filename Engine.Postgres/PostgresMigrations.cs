using System.Collections.Generic;

namespace Engine.Postgres;

/// <summary>
/// Every schema step the code knows, in order, and the tables the newest schema has. Text columns that order results
/// (keys, hlc, op ids) use the "C" collation, so ordering is by code point whatever the database's locale.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>The steps, version 1 first.</summary>
    public static readonly IReadOnlyList<PostgresMigration> All =
    [
        new PostgresMigration(1, """
            CREATE TABLE ws_counters (
                ws text COLLATE "C" PRIMARY KEY,
                server_version bigint NOT NULL,
                last_commit_at bigint NOT NULL
            );
            CREATE TABLE change_log (
                ws text COLLATE "C" NOT NULL,
                server_version bigint NOT NULL,
                table_name text COLLATE "C" NOT NULL,
                pk text COLLATE "C" NOT NULL,
                op smallint NOT NULL,
                payload bytea,
                clock bigint NOT NULL,
                hlc text COLLATE "C" NOT NULL,
                device_id text COLLATE "C" NOT NULL,
                op_id text COLLATE "C" NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (ws, server_version)
            );
            CREATE TABLE op_index (
                op_id text COLLATE "C" PRIMARY KEY,
                ws text COLLATE "C" NOT NULL,
                server_version bigint NOT NULL,
                fingerprint bytea NOT NULL
            );
            CREATE TABLE materialized_rows (
                ws text COLLATE "C" NOT NULL,
                table_name text COLLATE "C" NOT NULL,
                pk text COLLATE "C" NOT NULL,
                payload bytea NOT NULL,
                clock bigint NOT NULL,
                hlc text COLLATE "C" NOT NULL,
                op_id text COLLATE "C" NOT NULL,
                device_id text COLLATE "C" NOT NULL,
                deleted boolean NOT NULL,
                created_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                PRIMARY KEY (ws, table_name, pk)
            );
            CREATE TABLE tombstones (
                ws text COLLATE "C" NOT NULL,
                table_name text COLLATE "C" NOT NULL,
                pk text COLLATE "C" NOT NULL,
                clock bigint NOT NULL,
                hlc text COLLATE "C" NOT NULL,
                op_id text COLLATE "C" NOT NULL,
                server_version bigint NOT NULL,
                server_deleted_at bigint NOT NULL,
                created_at bigint NOT NULL,
                PRIMARY KEY (ws, table_name, pk)
            );
            CREATE INDEX tombstones_by_version ON tombstones (ws, server_version);
            CREATE TABLE device_cursors (
                ws text COLLATE "C" NOT NULL,
                device_id text COLLATE "C" NOT NULL,
                owner_user_id text COLLATE "C" NOT NULL,
                last_seen_version bigint NOT NULL,
                updated_at bigint NOT NULL,
                PRIMARY KEY (ws, device_id)
            );
            CREATE TABLE snapshots (
                snapshot_id text COLLATE "C" PRIMARY KEY,
                ws text COLLATE "C" NOT NULL,
                high_watermark bigint NOT NULL,
                tables text[],
                created_at bigint NOT NULL,
                expires_at bigint NOT NULL
            );
            CREATE INDEX snapshots_by_expiry ON snapshots (expires_at);
            CREATE TABLE snapshot_items (
                snapshot_id text COLLATE "C" NOT NULL REFERENCES snapshots ON DELETE CASCADE,
                table_name text COLLATE "C" NOT NULL,
                pk text COLLATE "C" NOT NULL,
                kind smallint NOT NULL,
                payload bytea,
                clock bigint NOT NULL,
                hlc text COLLATE "C" NOT NULL,
                op_id text COLLATE "C" NOT NULL,
                server_deleted_at bigint,
                PRIMARY KEY (snapshot_id, table_name, pk, kind)
            );
            CREATE TABLE users (
                user_id text COLLATE "C" PRIMARY KEY,
                email text,
                display_name text,
                active_workspace_id text COLLATE "C",
                created_at bigint NOT NULL
            );
            CREATE TABLE auth_accounts (
                provider text COLLATE "C" NOT NULL,
                provider_user_id text COLLATE "C" NOT NULL,
                user_id text COLLATE "C" NOT NULL REFERENCES users,
                created_at bigint NOT NULL,
                CONSTRAINT auth_accounts_identity UNIQUE (provider, provider_user_id)
            );
            CREATE TABLE workspaces (
                ws text COLLATE "C" PRIMARY KEY,
                name text NOT NULL,
                description text,
                owner_user_id text COLLATE "C" NOT NULL,
                created_at bigint NOT NULL,
                deleted boolean NOT NULL DEFAULT false,
                deleted_at bigint
            );
            CREATE TABLE workspace_members (
                ws text COLLATE "C" NOT NULL REFERENCES workspaces,
                user_id text COLLATE "C" NOT NULL REFERENCES users,
                role smallint NOT NULL,
                created_at bigint NOT NULL,
                join_seq bigint GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (ws, user_id)
            );
            CREATE INDEX workspace_members_by_user ON workspace_members (user_id, join_seq);
            CREATE INDEX users_by_active_workspace ON users (active_workspace_id);
            """),
    ];

    /// <summary>The tables the newest schema has; a ledger that says current while one is missing fails closed.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "ws_counters", "change_log", "op_index", "materialized_rows", "tombstones", "device_cursors", "snapshots",
        "snapshot_items", "users", "auth_accounts", "workspaces", "workspace_members",
    ];
}
