using Engine.Api.Gateway;
using Engine.Postgres;
using Engine.Tests.Api.Gateway;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Engine.Tests.Postgres;

/// <summary>
/// The <see cref="IAuthWorkspaceStore"/> contract against <see cref="PostgresWorkspaceStore"/>. The class has one
/// database of its own; each test empties the workspace tables first, as the suite wants a fresh store.
/// </summary>
public sealed class PostgresWorkspaceStoreContractTests(PostgresDatabase database) : WorkspaceStoreContractTests, IClassFixture<PostgresDatabase>
{
    protected override async ValueTask<IAuthWorkspaceStore> CreateStoreAsync(FakeTimeProvider time)
    {
        await using NpgsqlCommand truncate = database.DataSource.CreateCommand("TRUNCATE workspace_members, workspaces, auth_accounts, users");
        await truncate.ExecuteNonQueryAsync();
        return new PostgresWorkspaceStore(database.DataSource, time);
    }
}
