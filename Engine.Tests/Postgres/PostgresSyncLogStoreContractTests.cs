using Engine.Api.Gateway.Storage;
using Engine.Postgres;
using Engine.Tests.Api.Gateway;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Postgres;

/// <summary>
/// The <see cref="ISyncLogStore"/> contract against <see cref="PostgresSyncLogStore"/>: every test of the class shares
/// one database of its own (the suite uses fresh workspace and op ids per test).
/// </summary>
public sealed class PostgresSyncLogStoreContractTests(PostgresDatabase database) : SyncLogStoreContractTests, IClassFixture<PostgresDatabase>
{
    protected override ValueTask<ISyncLogStore> CreateStoreAsync(FakeTimeProvider time) =>
        ValueTask.FromResult<ISyncLogStore>(new PostgresSyncLogStore(database.DataSource, time));
}
