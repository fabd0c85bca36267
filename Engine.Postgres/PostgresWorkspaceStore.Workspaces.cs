using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresWorkspaceStore
{
    // A member's role in a live workspace, share-locking the workspace so a concurrent removal waits for (or is seen
    // by) the caller's transaction.
    private const string LiveRoleSql = """
        SELECT m.role FROM workspace_members m JOIN workspaces w ON w.ws = m.ws
        WHERE m.ws = $1 AND m.user_id = $2 AND NOT w.deleted FOR SHARE OF w
        """;

    /// <inheritdoc/>
    public async ValueTask<DefaultWorkspace> GetOrCreateDefaultWorkspaceAsync(string userId, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        return await InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                NpgsqlBatch batch = new(connection, transaction)
                {
                    BatchCommands =
                    {
                        // The user's row lock serializes concurrent first logins of one user.
                        Command("SELECT active_workspace_id FROM users WHERE user_id = $1 FOR UPDATE", userId),
                        Command(
                            """
                            SELECT w.ws, w.name FROM workspaces w JOIN workspace_members m ON m.ws = w.ws AND m.user_id = $1
                            WHERE w.ws = (SELECT active_workspace_id FROM users WHERE user_id = $1) AND NOT w.deleted FOR SHARE OF w
                            """,
                            userId),
                        Command(
                            """
                            SELECT w.ws, w.name FROM workspace_members m JOIN workspaces w ON w.ws = m.ws
                            WHERE m.user_id = $1 AND NOT w.deleted ORDER BY m.join_seq LIMIT 1 FOR SHARE OF w
                            """,
                            userId),
                    },
                };
                (string Id, string Name)? active = null, earliest = null;
                await using (batch.ConfigureAwait(false))
                {
                    NpgsqlDataReader reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            WorkspaceRules.UnknownUser(userId);
                        }

                        await reader.NextResultAsync(ct).ConfigureAwait(false);
                        if (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            active = (reader.GetString(0), reader.GetString(1));
                        }

                        await reader.NextResultAsync(ct).ConfigureAwait(false);
                        if (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            earliest = (reader.GetString(0), reader.GetString(1));
                        }
                    }
                }

                if (active is { } valid)
                {
                    return new DefaultWorkspace(valid.Id, valid.Name, false);
                }

                if (earliest is { } repaired)
                {
                    await ExecuteAsync(connection, transaction, ct, SetActiveCommand(userId, repaired.Id)).ConfigureAwait(false);
                    return new DefaultWorkspace(repaired.Id, repaired.Name, false);
                }

                string workspaceId = NewId();
                await ExecuteAsync(
                    connection, transaction, ct, [.. CreateCommands(userId, workspaceId, WorkspaceRules.DefaultWorkspaceName, null), SetActiveCommand(userId, workspaceId)])
                    .ConfigureAwait(false);
                return new DefaultWorkspace(workspaceId, WorkspaceRules.DefaultWorkspaceName, true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<string> CreateWorkspaceAsync(string userId, string name, string? description = null, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        string trimmedName = WorkspaceRules.Name(name);
        string? trimmedDescription = WorkspaceRules.Description(description);
        string workspaceId = NewId();
        await InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                await RequireUserAsync(connection, transaction, userId, ct).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, ct, CreateCommands(userId, workspaceId, trimmedName, trimmedDescription)).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
        return workspaceId;
    }

    /// <inheritdoc/>
    public async ValueTask UpdateWorkspaceAsync(
        string userId, string workspaceId, string name, string? description, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        string trimmedName = WorkspaceRules.Name(name);
        string? trimmedDescription = WorkspaceRules.Description(description);
        await InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                WorkspaceRole? role = await LiveRoleAsync(connection, transaction, workspaceId, userId, ct).ConfigureAwait(false);
                if (role is null or WorkspaceRole.Viewer)
                {
                    WorkspaceRules.Forbidden(WorkspaceRules.InsufficientRoleMessage);
                }

                await ExecuteAsync(
                    connection, transaction, ct,
                    Command("UPDATE workspaces SET name = $2, description = $3 WHERE ws = $1", workspaceId, trimmedName, Text(trimmedDescription)))
                    .ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask RemoveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        await InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                WorkspaceRole? role = await LiveRoleAsync(connection, transaction, workspaceId, userId, ct).ConfigureAwait(false);
                if (role != WorkspaceRole.Owner)
                {
                    WorkspaceRules.Forbidden(WorkspaceRules.OnlyOwnerRemovesMessage);
                }

                // Soft delete, then every user whose active workspace it was moves to their earliest remaining
                // membership (join order), or to none; the second statement sees the first's delete.
                await ExecuteAsync(
                    connection, transaction, ct,
                    Command("UPDATE workspaces SET deleted = true, deleted_at = $2 WHERE ws = $1", workspaceId, NowMs),
                    Command(
                        """
                        UPDATE users u SET active_workspace_id = (
                          SELECT m.ws FROM workspace_members m JOIN workspaces w ON w.ws = m.ws
                          WHERE m.user_id = u.user_id AND NOT w.deleted ORDER BY m.join_seq LIMIT 1)
                        WHERE u.active_workspace_id = $1
                        """,
                        workspaceId)).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask SetActiveWorkspaceAsync(string userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Id(userId, nameof(userId));
        WorkspaceRules.Id(workspaceId, nameof(workspaceId));
        await InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                await RequireUserAsync(connection, transaction, userId, ct).ConfigureAwait(false);
                if (await LiveRoleAsync(connection, transaction, workspaceId, userId, ct).ConfigureAwait(false) is null)
                {
                    WorkspaceRules.Forbidden(WorkspaceRules.NotAMemberMessage);
                }

                await ExecuteAsync(connection, transaction, ct, SetActiveCommand(userId, workspaceId)).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private NpgsqlBatchCommand[] CreateCommands(string userId, string workspaceId, string name, string? description)
    {
        long now = NowMs;
        return
        [
            Command(
                "INSERT INTO workspaces (ws, name, description, owner_user_id, created_at, deleted) VALUES ($1, $2, $3, $4, $5, false)",
                workspaceId, name, Text(description), userId, now),
            Command(
                "INSERT INTO workspace_members (ws, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
                workspaceId, userId, (short)WorkspaceRole.Owner, now),
        ];
    }

    private static NpgsqlBatchCommand SetActiveCommand(string userId, string workspaceId) =>
        Command("UPDATE users SET active_workspace_id = $2 WHERE user_id = $1", userId, workspaceId);

    private static async ValueTask<WorkspaceRole?> LiveRoleAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string workspaceId, string userId, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, Command(LiveRoleSql, workspaceId, userId), cancellationToken).ConfigureAwait(false) is short role
            ? (WorkspaceRole)role
            : null;

    // Share-locks the user's row, so the user cannot be changed underneath the caller's transaction.
    private static async ValueTask RequireUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, transaction, Command("SELECT 1 FROM users WHERE user_id = $1 FOR SHARE", userId), cancellationToken).ConfigureAwait(false) is null)
        {
            WorkspaceRules.UnknownUser(userId);
        }
    }

    private async ValueTask<T> InTransactionAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken) =>
        await PostgresRetry.RunAsync(
            async ct =>
            {
                NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    NpgsqlTransaction transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        T result = await body(connection, transaction, ct).ConfigureAwait(false);
                        await transaction.CommitAsync(ct).ConfigureAwait(false);
                        return result;
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);

    private static async ValueTask ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, params NpgsqlBatchCommand[] commands)
    {
        NpgsqlBatch batch = new(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            foreach (NpgsqlBatchCommand command in commands)
            {
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<object?> ScalarAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        NpgsqlBatch batch = new(connection, transaction) { BatchCommands = { command } };
        await using (batch.ConfigureAwait(false))
        {
            object? value = await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }
}
