using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api;
using Npgsql;

namespace Engine.Postgres;

/// <summary>
/// The PostgreSQL stores' schema: a <c>schema_migrations</c> ledger (version, applied_at) and the steps that build the
/// tables. Call <see cref="MigrateAsync"/> once before using a store; several processes may call it at once.
/// </summary>
/// <remarks>
/// Each step runs in its own transaction under a transaction-scoped advisory lock, so concurrent callers apply it
/// once. A database whose ledger names a version newer than this code knows is refused (an older process must not
/// write to a newer schema), and so is one whose ledger says current while a table is missing (fail closed rather
/// than recreate it empty).
/// </remarks>
public static class PostgresSchema
{
    // "EnginePG" as a big-endian number: the advisory lock every migrating process takes.
    private const long MigrationLockKey = 0x456E67696E655047;

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestVersion => PostgresMigrations.All[^1].Version;

    /// <summary>
    /// Brings the database to <see cref="LatestVersion"/> and checks that every table exists; returns the version
    /// found before migrating (0 for a fresh database).
    /// </summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    /// <exception cref="StorageException">
    /// <see cref="StorageErrorCode.FailedPrecondition"/> when the ledger names a newer version;
    /// <see cref="StorageErrorCode.Corruption"/> when the ledger says current but a table is missing.
    /// </exception>
    public static async ValueTask<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            int? found = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (int before, bool applied) = await ApplyNextAsync(connection, cancellationToken).ConfigureAwait(false);
                found ??= before;
                if (!applied)
                {
                    break;
                }
            }

            await VerifyTablesAsync(connection, cancellationToken).ConfigureAwait(false);
            return found.Value;
        }
    }

    /// <summary>The version the ledger names (0 when it is empty or absent).</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<int> GetVersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            NpgsqlCommand exists = new("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
            await using (exists.ConfigureAwait(false))
            {
                if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    return 0;
                }
            }

            NpgsqlCommand max = new("SELECT COALESCE(max(version), 0) FROM schema_migrations", connection);
            await using (max.ConfigureAwait(false))
            {
                return (int)(await max.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
        }
    }

    // One transaction: the lock, the ledger (created on first use), then at most one step. Returns the version
    // before and whether a step ran.
    private static async ValueTask<(int Before, bool Applied)> ApplyNextAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            NpgsqlBatch batch = new(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)") { Parameters = { new NpgsqlParameter { Value = MigrationLockKey } } },
                    new NpgsqlBatchCommand(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"),
                    new NpgsqlBatchCommand("SELECT COALESCE(max(version), 0) FROM schema_migrations"),
                },
            };
            int current;
            await using (batch.ConfigureAwait(false))
            {
                NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // The lock's result set (one void row) comes first; the CREATE has none.
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    current = reader.GetInt32(0);
                }
            }

            if (current > LatestVersion)
            {
                throw new StorageException(
                    StorageErrorCode.FailedPrecondition,
                    $"The database's schema is version {current}, newer than version {LatestVersion} this code knows; refusing to use it.");
            }

            if (current == LatestVersion)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (current, false);
            }

            PostgresMigration next = PostgresMigrations.All[current];
            NpgsqlBatch step = new(connection, transaction);
            foreach (string statement in next.Statements)
            {
                step.BatchCommands.Add(new NpgsqlBatchCommand(statement));
            }

            step.BatchCommands.Add(
                new NpgsqlBatchCommand("INSERT INTO schema_migrations (version) VALUES ($1)") { Parameters = { new NpgsqlParameter { Value = next.Version } } });
            await using (step.ConfigureAwait(false))
            {
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (current, true);
        }
    }

    private static async ValueTask VerifyTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        NpgsqlCommand command = new("SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NULL", connection)
        {
            Parameters = { new NpgsqlParameter { Value = PostgresMigrations.Tables } },
        };
        List<string> missing = [];
        await using (command.ConfigureAwait(false))
        {
            NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    missing.Add(reader.GetString(0));
                }
            }
        }

        if (missing.Count > 0)
        {
            throw new StorageException(
                StorageErrorCode.Corruption,
                $"The schema ledger says version {LatestVersion} but table(s) {string.Join(", ", missing)} are missing; refusing to use the database.");
        }
    }
}
