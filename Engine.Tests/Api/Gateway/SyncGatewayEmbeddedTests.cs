using Engine.Api;
using Engine.Api.Gateway.Embedded;
using Engine.Api.Gateway.Storage;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api.Gateway;

/// <summary>The gateway tests over the embedded change-log store, on a database in a temporary directory.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime (DisposeResourcesAsync)")]
public sealed class SyncGatewayEmbeddedTests : SyncGatewayTests
{
    private TempDirectory? _directory;
    private Database? _database;

    protected override ValueTask<ISyncLogStore> CreateStoreAsync(TimeProvider time)
    {
        _directory = new TempDirectory("gateway");
        _database = Database.Open(_directory.Path);
        return ValueTask.FromResult<ISyncLogStore>(new EmbeddedSyncLogStore(_database, timeProvider: time));
    }

    protected override ValueTask DisposeResourcesAsync()
    {
        _database?.Dispose();
        _directory?.Dispose();
        return ValueTask.CompletedTask;
    }
}
