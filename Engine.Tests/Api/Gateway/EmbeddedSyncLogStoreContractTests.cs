using Engine.Api;
using Engine.Api.Gateway.Embedded;
using Engine.Api.Gateway.Storage;
using Engine.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>The <see cref="ISyncLogStore"/> contract against <see cref="EmbeddedSyncLogStore"/> on a database in a temporary directory.</summary>
[Trait("Category", "Unit")]
public sealed class EmbeddedSyncLogStoreContractTests : SyncLogStoreContractTests, IDisposable
{
    private readonly TempDirectory _directory = new();
    private Database? _database;

    protected override ValueTask<ISyncLogStore> CreateStoreAsync(FakeTimeProvider time)
    {
        _database = Database.Open(_directory.Path);
        return ValueTask.FromResult<ISyncLogStore>(new EmbeddedSyncLogStore(_database, timeProvider: time));
    }

    protected override ValueTask DisposeBackendAsync()
    {
        _database?.Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _database?.Dispose();
        _directory.Dispose();
    }
}
