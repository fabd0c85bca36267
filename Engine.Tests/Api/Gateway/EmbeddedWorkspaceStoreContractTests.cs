using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// The workspace-store contract on <see cref="EmbeddedWorkspaceStore"/> over a database on an in-memory file system, and
/// what only the embedded store can show: what its keyspaces hold, and the gateway format check.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EmbeddedWorkspaceStoreContractTests : WorkspaceStoreContractTests
{
    private const string StorePath = "/gateway";

    private readonly MemFileSystem _fs = new();
    private Database? _database;

    private Database Db => _database ?? throw new InvalidOperationException("the database is not open yet");

    protected override ValueTask<IAuthWorkspaceStore> CreateStoreAsync(FakeTimeProvider time)
    {
        _database = OpenDatabase(_fs);
        return ValueTask.FromResult<IAuthWorkspaceStore>(new EmbeddedWorkspaceStore(_database, time));
    }

    protected override async ValueTask DisposeStoreAsync(IAuthWorkspaceStore store)
    {
        await base.DisposeStoreAsync(store);
        _database?.Dispose();
    }

    [Fact]
    public async Task TenConcurrentCreates_StoreOneAccountAndOneUser()
    {
        using Barrier start = new(10);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await Store.GetOrCreateUserAsync(new ExternalIdentity("basic-auth", "racer"));
        })));

        Assert.Single(Db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.Account])));
        Assert.Single(Db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.User])));
    }

    [Fact]
    public async Task CreateWorkspace_WritesTheWorkspaceTheMembershipAndItsJoinOrderEntry()
    {
        string userId = await NewUserAsync("user-1");

        string workspaceId = await Store.CreateWorkspaceAsync(userId, "Team");

        Assert.Single(Db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.Workspace])));
        Assert.Single(Db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.Member])));
        (long joinedAt, string listed) = GatewayKeys.ReadUserMembership(Assert.Single(Db.Scan(KeyRange.Prefix([(byte)GatewayKeyspace.UserMembership]))).Key);
        Assert.Equal((Time.GetUtcNow().ToUnixTimeMilliseconds(), workspaceId), (joinedAt, listed));
    }

    [Fact]
    public async Task AReopenedStore_SeesEverythingAcknowledged()
    {
        string userId = await NewUserAsync("user-1");
        string workspaceId = (await Store.GetOrCreateDefaultWorkspaceAsync(userId)).WorkspaceId;

        using EmbeddedWorkspaceStore again = new(Db, Time);

        Assert.Equal(userId, await again.GetOrCreateUserAsync(new ExternalIdentity("test", "user-1")));
        Assert.Equal(new DefaultWorkspace(workspaceId, "My Workspace", false), await again.GetOrCreateDefaultWorkspaceAsync(userId));
    }

    [Fact]
    public void Open_ADatabaseOfANewerGatewayFormat_IsRefused()
    {
        using Database other = OpenDatabase(new MemFileSystem());
        other.Put(GatewayKeys.Format(), GatewayRecords.Serialize(new Engine.Api.Gateway.Embedded.Records.GatewayFormatValue { FormatVersion = 2 }));

        StorageException refused = Assert.Throws<StorageException>(() => new EmbeddedWorkspaceStore(other, Time));

        Assert.Equal(StorageErrorCode.FailedPrecondition, refused.Code);
    }

    [Fact]
    public async Task ADisposedStore_ThrowsObjectDisposed()
    {
        EmbeddedWorkspaceStore store = new(Db, Time);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetOrCreateUserAsync(new ExternalIdentity("test", "user-1")).AsTask());
    }

    /// <summary>A database on <paramref name="fs"/> at the store path.</summary>
    internal static Database OpenDatabase(IFileSystem fs) => new(LsmDatabase.Open(fs, StorePath, new DatabaseOptions().ToLsmOptions()));
}
