using System.Collections.Generic;
using System.Text;
using C1.Connector.V2;
using Engine.Api;
using Engine.Api.Sync.Store;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The reference's one-time grant expansion backfill (shared/spec/baton-storage.md, section 9.2): for the syncs with
/// <c>grants_backfilled = 0</c>, each grant whose <c>expansion</c> is NULL has its <c>GrantExpandable</c> moved out of
/// <c>data</c> into <c>expansion</c> (with <c>needs_expansion = 1</c>), 1000 rows per transaction in rowid order; then
/// the syncs are flagged.
/// </summary>
/// <remarks>
/// Quirk kept: a grant whose first GrantExpandable names only blank ids keeps the annotation in <c>data</c> and a NULL
/// expansion. Rows without an expansion are marked with an empty blob while the pass runs (so the rowid cursor and the
/// <c>expansion IS NULL</c> filter agree) and set back to NULL at the end, as the reference does. Stateless.
/// </remarks>
internal static class GrantBackfill
{
    private const int BatchRows = 1000;

    /// <summary>Runs the backfill; true when some sync needed it.</summary>
    /// <exception cref="CorruptionException">A grant blob does not parse.</exception>
    public static bool Run(SqlStatements sql, string storePath)
    {
        List<string> pending = [];
        using (SqliteDataReader reader = sql.Query("SELECT sync_id FROM v1_sync_runs WHERE grants_backfilled = 0"))
        {
            while (reader.Read())
            {
                pending.Add(reader.GetString(0));
            }
        }

        if (pending.Count == 0)
        {
            return false;
        }

        StringBuilder placeholders = new();
        object?[] args = new object?[pending.Count + 1];
        for (int i = 0; i < pending.Count; i++)
        {
            placeholders.Append(i == 0 ? "" : ",").Append('$').Append(i + 1);
            args[i + 1] = pending[i];
        }

        string select = $"SELECT id, data FROM v1_grants WHERE id > $0 AND expansion IS NULL AND sync_id IN ({placeholders}) ORDER BY id LIMIT {BatchRows}";
        long lastId = 0;
        while (true)
        {
            args[0] = lastId;
            List<(long Id, byte[] Data)> batch = new(BatchRows);
            using (SqliteDataReader reader = sql.Query(select, args))
            {
                while (reader.Read())
                {
                    batch.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
                }
            }

            if (batch.Count == 0)
            {
                break;
            }

            lastId = batch[^1].Id;
            sql.InTransaction(() =>
            {
                foreach ((long id, byte[] data) in batch)
                {
                    Apply(sql, storePath, id, data);
                }
            });
        }

        sql.InTransaction(() =>
        {
            sql.Execute("UPDATE v1_grants SET expansion = NULL WHERE expansion = X''");
            sql.Execute("UPDATE v1_sync_runs SET grants_backfilled = 1 WHERE grants_backfilled = 0");
        });
        return true;
    }

    private static void Apply(SqlStatements sql, string storePath, long id, byte[] data)
    {
        Grant grant;
        try
        {
            grant = Grant.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new CorruptionException(storePath, Encoding.UTF8.GetBytes($"v1_grants rowid {id}"), "the grant blob does not parse", ex);
        }

        byte[]? expansion;
        Grant stripped;
        try
        {
            stripped = GrantExpansion.Strip(grant, out expansion);
        }
        catch (StorageException)
        {
            // The reference treats an annotation it cannot read as no annotation.
            expansion = null;
            stripped = grant;
        }

        if (expansion is null)
        {
            sql.Execute("UPDATE v1_grants SET expansion = X'' WHERE id = $0", id);
            return;
        }

        sql.Execute("UPDATE v1_grants SET expansion = $0, needs_expansion = 1, data = $1 WHERE id = $2", expansion, stripped.ToByteArray(), id);
    }
}
