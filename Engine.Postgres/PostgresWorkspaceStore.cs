using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

/// <summary>
/// Users, their external identities, workspaces and memberships in PostgreSQL (spec sync-gateway.md section 2 with
/// the rules of section 4), for several gateway processes over one database; the schema is
/// <see cref="PostgresSchema"/>'s, migrated first.
/// </summary>
/// <remarks>
/// Each operation is one transaction. An identity's uniqueness is the database's (a unique constraint on provider and
/// provider user id), so concurrent first logins from several processes create one user; operations that decide from
/// a user's state lock that user's row first. Thread-safe; the data source is the caller's.
/// </remarks>
public sealed partial class PostgresWorkspaceStore : IAuthWorkspaceStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over a migrated database.</summary>
    /// <param name="dataSource">The database; the caller owns it.</param>
    /// <param name="timeProvider">The clock for creation and deletion times; <see cref="TimeProvider.System"/> when null.</param>
    public PostgresWorkspaceStore(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<WorkspaceRole?> GetWorkspaceRoleAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        object? role = await ScalarAsync(
            Command(
                "SELECT m.role FROM workspace_members m JOIN workspaces w ON w.ws = m.ws WHERE m.ws = $1 AND m.user_id = $2 AND NOT w.deleted",
                workspaceId, userId),
            cancellationToken).ConfigureAwait(false);
        return role is short value ? (WorkspaceRole)value : null;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<WorkspaceSummary>> ListUserWorkspacesAsync(string userId, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command("SELECT 1 FROM users WHERE user_id = $1", userId));
            batch.BatchCommands.Add(Command(
                """
                SELECT w.ws, w.name, w.description, m.role, w.created_at, w.ws = u.active_workspace_id
                FROM workspace_members m JOIN workspaces w ON w.ws = m.ws LEFT JOIN users u ON u.user_id = m.user_id
                WHERE m.user_id = $1 AND NOT w.deleted
                ORDER BY m.join_seq
                """,
                userId));
            List<WorkspaceSummary> summaries = [];
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    WorkspaceRules.UnknownUser(userId);
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    summaries.Add(new WorkspaceSummary(
                        reader.GetString(0),
                        reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        (WorkspaceRole)reader.GetInt16(3),
                        reader.GetInt64(4),
                        !reader.IsDBNull(5) && reader.GetBoolean(5)));
                }
            }

            return summaries;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ListWorkspaceIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command("SELECT ws FROM workspaces WHERE NOT deleted ORDER BY ws"));
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return reader.GetString(0);
                }
            }
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string NewId() => Guid.CreateVersion7(_time.GetUtcNow()).ToString("N");

    private async ValueTask<object?> ScalarAsync(NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(command);
            object? value = await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

}
