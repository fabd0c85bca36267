using System.Text;
using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;
using Engine.Api.Sync.Records;
using Engine.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>What only the embedded store promises: its format record, its snapshot registry (cap, restart, disposal) and chunked GC.</summary>
[Trait("Category", "Unit")]
public sealed class EmbeddedSyncLogStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private Database _database;

    public EmbeddedSyncLogStoreTests()
    {
        _database = Database.Open(_directory.Path);
    }

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Format_IsWrittenOnFirstUse_AndAcceptedAgain()
    {
        Assert.Null(_database.Get(GatewayKeys.Format()));
        await using (new EmbeddedSyncLogStore(_database))
        {
            Assert.NotNull(_database.Get(GatewayKeys.Format()));
        }

        await using EmbeddedSyncLogStore again = new(_database);
        GatewayFormat.Ensure(_database);
    }

    [Fact]
    public void Format_ANewerVersion_IsRefused_BeforeAnythingIsWritten()
    {
        _database.Put(GatewayKeys.Format(), RecordSerializer.Serialize(new GatewayFormatValue { FormatVersion = GatewayFormatValue.CurrentVersion + 1 }));

        StorageException refused = Assert.Throws<StorageException>(() => new EmbeddedSyncLogStore(_database));

        Assert.Equal(StorageErrorCode.FailedPrecondition, refused.Code);
    }

    [Fact]
    public void Format_ThatDoesNotParse_IsCorruption()
    {
        _database.Put(GatewayKeys.Format(), "not messagepack"u8);

        Assert.Throws<CorruptionException>(() => GatewayFormat.Ensure(_database));
    }

    [Fact]
    public async Task Snapshot_BeyondTheCap_TheOldestIsForgotten()
    {
        await using EmbeddedSyncLogStore store = new(_database, maxOpenSnapshots: 2, timeProvider: _time);
        SnapshotCapture first = await CaptureAsync(store);
        SnapshotCapture second = await CaptureAsync(store);
        SnapshotCapture third = await CaptureAsync(store);

        Assert.Null(await store.FindSnapshotAsync(first.SnapshotId));
        Assert.NotNull(await store.FindSnapshotAsync(second.SnapshotId));
        Assert.NotNull(await store.FindSnapshotAsync(third.SnapshotId));
        Assert.Equal(2, store.OpenSnapshotCount);
        StorageException gone = await Assert.ThrowsAsync<StorageException>(async () => await store.ReadSnapshotAsync(first, null, 10));
        Assert.Equal(StorageErrorCode.NotFound, gone.Code);
    }

    [Fact]
    public async Task Snapshot_ExpiredCaptures_AreDroppedWhenTheNextIsCaptured()
    {
        await using EmbeddedSyncLogStore store = new(_database, timeProvider: _time);
        await CaptureAsync(store);
        await CaptureAsync(store);
        _time.Advance(TimeSpan.FromHours(2));

        await CaptureAsync(store);

        Assert.Equal(1, store.OpenSnapshotCount);
    }

    [Fact]
    public async Task Snapshot_ARestartForgetsEveryCapture()
    {
        SnapshotCapture capture;
        await using (EmbeddedSyncLogStore store = new(_database, timeProvider: _time))
        {
            await store.PushAsync("ws", [Put("a")], _time.GetUtcNow());
            capture = await CaptureAsync(store);
        }

        _database.Dispose();
        _database = Database.Open(_directory.Path);
        await using EmbeddedSyncLogStore reopened = new(_database, timeProvider: _time);

        Assert.Null(await reopened.FindSnapshotAsync(capture.SnapshotId));
        await Assert.ThrowsAsync<StorageException>(async () => await reopened.ReadSnapshotAsync(capture, null, 10));
    }

    [Fact]
    public async Task Dispose_ReleasesEveryRetainedSnapshot_AndLaterCallsThrow()
    {
        EmbeddedSyncLogStore store = new(_database, timeProvider: _time);
        SnapshotCapture capture = await CaptureAsync(store);
        await CaptureAsync(store);

        await store.DisposeAsync();
        await store.DisposeAsync();

        Assert.Equal(0, store.OpenSnapshotCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.FindSnapshotAsync(capture.SnapshotId));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.PushAsync("ws", [Put("a")], _time.GetUtcNow()));
    }

    [Fact]
    public async Task Push_TwoOpsWithOneOpId_IsAnArgumentError_AndWritesNothing()
    {
        await using EmbeddedSyncLogStore store = new(_database, timeProvider: _time);
        PreparedOp op = Put("a");

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.PushAsync("ws", [op, op], _time.GetUtcNow()));

        Assert.Equal(0, (await store.PullAsync("ws", 0, 10, null)).Counter);
        Assert.Equal(PreparedOpStatus.Applied, (await store.PushAsync("ws", [op], _time.GetUtcNow())).Outcomes[0].Status);
    }

    [Fact]
    public async Task GcChangeLog_OfMoreThanOneChunk_DeletesEveryEligibleEntry_AndItsOpIndexEntries()
    {
        await using EmbeddedSyncLogStore store = new(_database, timeProvider: _time);
        int total = EmbeddedSyncLogStore.GcChunkSize + 10;
        PreparedOp[] ops = Enumerable.Range(0, total).Select(i => Put($"r{i}")).ToArray();
        await store.PushAsync("ws", ops, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromDays(2));

        GcResult result = await store.GcChangeLogAsync("ws", _time.GetUtcNow().AddDays(-1));

        Assert.Equal(new GcResult(0, total, total + 1), result);
        Assert.Empty(_database.Scan(GatewayKeys.ChangeLogRange("ws")));
        Assert.All(ops, op => Assert.Null(_database.Get(GatewayKeys.OpIndex(op.OpId))));
    }

    private async Task<SnapshotCapture> CaptureAsync(EmbeddedSyncLogStore store) =>
        await store.CaptureSnapshotAsync("ws", null, _time.GetUtcNow(), _time.GetUtcNow().AddHours(1));

    private static PreparedOp Put(string pk)
    {
        ChangeStamp stamp = new("d1", Guid.NewGuid().ToString(), "h", 1);
        byte[] payload = Encoding.UTF8.GetBytes("{}");
        return new PreparedOp(stamp.OpId, "threads", SyncOp.Put, pk, payload, stamp, System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(pk)));
    }
}
