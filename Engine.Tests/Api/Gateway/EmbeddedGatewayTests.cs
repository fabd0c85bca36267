using System.Text;
using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>The embedded composition end to end: real workspace store, real change-log store, one directory.</summary>
public sealed class EmbeddedGatewayTests : IDisposable
{
    private readonly TempDirectory _directory = new("embedded-gateway");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    private static PendingOp Put(string opId, string pk) =>
        new("threads", SyncOp.Put, pk, Encoding.UTF8.GetBytes($$"""{"id":"{{pk}}"}"""), new ChangeStamp("dev-1", opId, "h1", 1));

    [Fact]
    public async Task Open_ServesMembersOfRealWorkspaces_AndKeepsEverythingAcrossReopen()
    {
        string ownerId;
        string viewerId;
        string workspaceId;
        await using (EmbeddedGateway embedded = EmbeddedGateway.Open(_directory.Path, time: _time))
        {
            ownerId = await embedded.Workspaces.GetOrCreateUserAsync(new ExternalIdentity("test", "owner"));
            viewerId = await embedded.Workspaces.GetOrCreateUserAsync(new ExternalIdentity("test", "viewer"));
            workspaceId = (await embedded.Workspaces.GetOrCreateDefaultWorkspaceAsync(ownerId)).WorkspaceId;
            await embedded.Workspaces.AddMemberAsync(ownerId, workspaceId, viewerId, WorkspaceRole.Viewer);

            PushResult pushed = await embedded.Gateway.PushAsync(new SyncCaller(ownerId, workspaceId), new PushBatch(workspaceId, [Put("op-1", "a"), Put("op-2", "b")]));
            Assert.Equal(2, pushed.ServerVersion);

            SyncRequestException refused = await Assert.ThrowsAsync<SyncRequestException>(() =>
                embedded.Gateway.PushAsync(new SyncCaller(viewerId, workspaceId), new PushBatch(workspaceId, [Put("op-3", "c")])).AsTask());
            Assert.Equal(403, refused.Status);
            await embedded.Gateway.UpdateCursorAsync(new SyncCaller(viewerId, workspaceId), workspaceId, "viewer-device", 2);
        }

        await using (EmbeddedGateway reopened = EmbeddedGateway.Open(_directory.Path, time: _time))
        {
            PullResponse pulled = await reopened.Gateway.PullAsync(new SyncCaller(viewerId, workspaceId), new PullRequest(workspaceId, 0));

            Assert.Equal(["op-1", "op-2"], pulled.Changes.Select(c => c.Stamp.OpId));
            SyncRequestException regression = await Assert.ThrowsAsync<SyncRequestException>(() =>
                reopened.Gateway.UpdateCursorAsync(new SyncCaller(viewerId, workspaceId), workspaceId, "viewer-device", 1).AsTask());
            Assert.Equal(409, regression.Status);
            List<string> ids = [];
            await foreach (string id in reopened.Gateway.ListWorkspaceIdsAsync())
            {
                ids.Add(id);
            }

            Assert.Equal([workspaceId], ids);
        }
    }

    [Fact]
    public async Task Open_TheDirectoryIsExclusive_AndDisposeTwiceIsHarmless()
    {
        EmbeddedGateway embedded = EmbeddedGateway.Open(_directory.Path, time: _time);

        Assert.Throws<DatabaseLockedException>(() => EmbeddedGateway.Open(_directory.Path, time: _time));

        await embedded.DisposeAsync();
        embedded.Dispose();
        Assert.Throws<ObjectDisposedException>(() => embedded.Database.Get("k"u8));
        using EmbeddedGateway again = EmbeddedGateway.Open(_directory.Path, time: _time);
        Assert.Equal(SyncGatewayOptions.Default.Capabilities, again.Gateway.Capabilities);
    }

    [Fact]
    public void Open_InvalidOptions_ThrowBeforeTheDirectoryIsCreated()
    {
        string directory = _directory.Combine("never");

        Assert.ThrowsAny<ArgumentException>(() => EmbeddedGateway.Open(directory, new SyncGatewayOptions { MaxPayloadBytes = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => EmbeddedGateway.Open(string.Empty));

        Assert.False(Directory.Exists(directory));
    }
}
