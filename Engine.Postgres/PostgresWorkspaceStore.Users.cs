using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Npgsql;
using static Engine.Postgres.PostgresCommands;

namespace Engine.Postgres;

public sealed partial class PostgresWorkspaceStore
{
    private const string AccountUserSql = "SELECT user_id FROM auth_accounts WHERE provider = $1 AND provider_user_id = $2";

    /// <inheritdoc/>
    public async ValueTask<string> GetOrCreateUserAsync(ExternalIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        WorkspaceRules.Identity(identity.Provider, "provider");
        WorkspaceRules.Identity(identity.ProviderUserId, "providerUserId");
        WorkspaceRules.Optional(identity.Email, "email");
        WorkspaceRules.Optional(identity.DisplayName, "displayName");

        if (await ScalarAsync(Command(AccountUserSql, identity.Provider, identity.ProviderUserId), cancellationToken).ConfigureAwait(false) is string existing)
        {
            return existing;
        }

        // Insert-or-ignore on the identity's unique constraint, then re-read the winner. The candidate user and its
        // account are one implicit transaction: when another process won, the candidate is rolled back with it.
        string candidate = NewId();
        long now = NowMs;
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                NpgsqlBatch batch = new(connection, transaction)
                {
                    BatchCommands =
                    {
                        Command(
                            "INSERT INTO users (user_id, email, display_name, active_workspace_id, created_at) VALUES ($1, $2, $3, NULL, $4)",
                            candidate, Text(identity.Email), Text(identity.DisplayName), now),
                        Command(
                            """
                            INSERT INTO auth_accounts (provider, provider_user_id, user_id, created_at) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (provider, provider_user_id) DO NOTHING RETURNING user_id
                            """,
                            identity.Provider, identity.ProviderUserId, candidate, now),
                    },
                };
                bool inserted;
                await using (batch.ConfigureAwait(false))
                {
                    inserted = await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string;
                }

                if (inserted)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return candidate;
                }

                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return (string)(await ScalarAsync(Command(AccountUserSql, identity.Provider, identity.ProviderUserId), cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async ValueTask<UserInfo?> GetUserAsync(string provider, string providerUserId, CancellationToken cancellationToken = default)
    {
        WorkspaceRules.Identity(provider, "provider");
        WorkspaceRules.Identity(providerUserId, "providerUserId");
        NpgsqlBatch batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command(
                """
                SELECT u.user_id, u.email, u.display_name, u.active_workspace_id
                FROM auth_accounts a JOIN users u ON u.user_id = a.user_id
                WHERE a.provider = $1 AND a.provider_user_id = $2
                """,
                provider, providerUserId));
            NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new UserInfo(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }
    }
}
