using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite.Gateway;

/// <summary>
/// The reference's gateway storage on SQLite: OR3's schema and transaction pattern (one connection, WAL journal,
/// <c>synchronous = NORMAL</c>, every push in one <c>BEGIN IMMEDIATE</c> transaction with a statement per op). It is
/// the baseline the gateway benchmark measures the embedded store against, and it runs the same contract tests.
/// </summary>
/// <remarks>
/// Thread-safe: calls are serialized on the one connection, as the reference's single better-sqlite3 connection
/// serializes them. Split by concern: this file (open, close, shared helpers), <c>.Push.cs</c>, <c>.Pull.cs</c>
/// (pulls and cursors), <c>.Gc.cs</c> and <c>.Snapshots.cs</c>.
/// </remarks>
public sealed partial class SqliteSyncLogStore : ISyncLogStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<string> _tables;
    private readonly TimeProvider _time;
    private bool _disposed;

    private SqliteSyncLogStore(SqliteConnection connection, HashSet<string> tables, TimeProvider time)
    {
        _connection = connection;
        _tables = tables;
        _time = time;
    }

    /// <summary>Opens (or creates) the database at <paramref name="databasePath"/> with a materialized table per table.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="tables">The synced tables (<see cref="SyncGatewayOptions.AllowedTables"/>); plain lower-case identifiers.</param>
    /// <param name="timeProvider">The clock that decides when a snapshot has expired; null for the system clock.</param>
    /// <exception cref="ArgumentException">The path is empty, or a table name is not a plain identifier.</exception>
    public static SqliteSyncLogStore Open(string databasePath, IEnumerable<string> tables, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(tables);
        HashSet<string> names = new(tables.Select(SqliteGatewaySchema.CheckIdentifier), StringComparer.Ordinal);
        SqliteConnectionStringBuilder builder = new()
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        SqliteConnection connection = new(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
            Execute(connection, SqliteGatewaySchema.CreateScript(names.Order(StringComparer.Ordinal)));
            return new SqliteSyncLogStore(connection, names, timeProvider ?? TimeProvider.System);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _connection.Dispose();
            _gate.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="body"/> alone on the connection, inside a transaction when <paramref name="write"/>.</summary>
    private async ValueTask<T> RunAsync<T>(bool write, Func<SqliteTransaction?, T> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!write)
            {
                return body(null);
            }

            // BEGIN IMMEDIATE, as the reference: the write lock is taken before the first read.
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            T result = body(transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (int i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i, parameters[i] ?? DBNull.Value);
        }

        return command;
    }

    private long Scalar(SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private int NonQuery(SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private long Counter(SqliteTransaction? transaction, string workspaceId) =>
        Scalar(transaction, "SELECT value FROM server_version_counter WHERE workspace_id = $p0", workspaceId);

    private long OldestRetained(SqliteTransaction? transaction, string workspaceId)
    {
        using SqliteCommand command = Command(transaction, "SELECT MIN(server_version) FROM change_log WHERE workspace_id = $p0", workspaceId);
        object? oldest = command.ExecuteScalar();
        return oldest is null or DBNull ? Counter(transaction, workspaceId) + 1 : (long)oldest;
    }

    private string Table(string table) =>
        _tables.Contains(table)
            ? SqliteGatewaySchema.MaterializedTable(table)
            : throw new ArgumentException($"The table '{table}' is not synced by this store.", nameof(table));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
