using System.Text;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// The gateway's behaviour (spec sync-gateway.md 1.3 to 1.7, 2.2, 3.1 and 4) over a store a subclass makes, so the
/// same tests run over the in-memory double, the embedded store and the PostgreSQL store. Roles come from a
/// <see cref="RoleTableWorkspaceStore"/>; time from a <see cref="FakeTimeProvider"/> shared with the store.
/// </summary>
public abstract partial class SyncGatewayTests : IAsyncLifetime
{
    protected const string Ws = "ws-main";
    protected const string OtherWs = "ws-other";
    protected const string OwnerId = "user-owner";
    protected const string EditorId = "user-editor";
    protected const string ViewerId = "user-viewer";
    protected const string StrangerId = "user-stranger";

    protected static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected RoleTableWorkspaceStore Workspaces { get; } = new();

    protected ISyncLogStore Store { get; private set; } = null!;

    protected SyncGateway Gateway { get; private set; } = null!;

    protected static SyncCaller Owner => new(OwnerId, Ws);

    protected static SyncCaller Editor => new(EditorId, Ws);

    protected static SyncCaller Viewer => new(ViewerId, Ws);

    protected static SyncCaller Stranger => new(StrangerId, Ws);

    /// <summary>A fresh, empty store on <paramref name="time"/>.</summary>
    protected abstract ValueTask<ISyncLogStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Releases what <see cref="CreateStoreAsync"/> made besides the store (directories, databases).</summary>
    protected virtual ValueTask DisposeResourcesAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync(Time);
        Gateway = NewGateway();
        foreach (string ws in new[] { Ws, OtherWs })
        {
            Workspaces.Grant(OwnerId, ws, WorkspaceRole.Owner);
            Workspaces.Grant(EditorId, ws, WorkspaceRole.Editor);
            Workspaces.Grant(ViewerId, ws, WorkspaceRole.Viewer);
        }
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DisposeResourcesAsync();
    }

    protected SyncGateway NewGateway(SyncGatewayOptions? options = null, ISyncLogStore? store = null) =>
        new(store ?? Store, Workspaces, options, Time);

    protected static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    protected static PendingOp Put(
        string opId, string pk, string? json = null, long clock = 1, string hlc = "h1", string table = "threads", string device = "dev-1") =>
        new(table, SyncOp.Put, pk, json is null ? Json($$"""{"id":"{{pk}}","title":"t-{{opId}}"}""") : Json(json), new ChangeStamp(device, opId, hlc, clock));

    protected static PendingOp Delete(string opId, string pk, long clock = 1, string hlc = "h1", string table = "threads", string device = "dev-1") =>
        new(table, SyncOp.Delete, pk, null, new ChangeStamp(device, opId, hlc, clock));

    protected ValueTask<PushResult> PushAsync(params PendingOp[] ops) => PushAsync(Ws, ops);

    protected ValueTask<PushResult> PushAsync(string workspaceId, params PendingOp[] ops) =>
        Gateway.PushAsync(new SyncCaller(EditorId, workspaceId), new PushBatch(workspaceId, ops));

    /// <summary>Everything in the workspace's log after <paramref name="cursor"/>, read as an owner.</summary>
    protected async Task<PullResponse> PullAllAsync(string workspaceId = Ws, long cursor = 0) =>
        await Gateway.PullAsync(new SyncCaller(OwnerId, workspaceId), new PullRequest(workspaceId, cursor, 1000));

    /// <summary>Asserts the workspace's log is empty and its counter 0: nothing was written.</summary>
    protected async Task AssertNothingWrittenAsync(string workspaceId = Ws)
    {
        PullResponse pulled = await PullAllAsync(workspaceId);
        Assert.Empty(pulled.Changes);
        Assert.Equal(1, pulled.OldestRetainedVersion);
    }

    protected static async Task<SyncRequestException> AssertStatusAsync(int status, Func<Task> call)
    {
        SyncRequestException ex = await Assert.ThrowsAsync<SyncRequestException>(call);
        Assert.Equal(status, ex.Status);
        return ex;
    }

    protected static string Text(ReadOnlyMemory<byte>? bytes) => bytes is { } value ? Encoding.UTF8.GetString(value.Span) : "<none>";
}

/// <summary>The gateway tests over the in-memory store double.</summary>
public sealed class SyncGatewayInMemoryTests : SyncGatewayTests
{
    protected override ValueTask<ISyncLogStore> CreateStoreAsync(TimeProvider time) => ValueTask.FromResult<ISyncLogStore>(new InMemorySyncLogStore());
}
