using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Engine.Sqlite.Gateway;
using Engine.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// The <see cref="ISyncLogStore"/> contract against <see cref="SqliteSyncLogStore"/>, the reference's schema on SQLite
/// that the gateway benchmark uses as its baseline: the baseline must keep the same semantics to be a fair one.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SqliteSyncLogStoreContractTests : SyncLogStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override ValueTask<ISyncLogStore> CreateStoreAsync(FakeTimeProvider time) =>
        ValueTask.FromResult<ISyncLogStore>(
            SqliteSyncLogStore.Open(Path.Combine(_directory.Path, "gateway.db"), SyncGatewayOptions.ReferenceTables, time));

    public void Dispose() => _directory.Dispose();
}
