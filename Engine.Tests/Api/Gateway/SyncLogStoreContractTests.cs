using System.Security.Cryptography;
using System.Text;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// The <see cref="ISyncLogStore"/> contract (spec sync-gateway.md 1.3 to 1.7, 4 and 5.4), run against every store by
/// subclassing: a subclass supplies the store. Each test uses fresh workspace and op ids, so a store may keep data
/// between tests (a shared PostgreSQL database). Split by concern: this file (fixture and helpers), <c>.Push.cs</c>,
/// <c>.Pull.cs</c>, <c>.Gc.cs</c>, <c>.Snapshot.cs</c> and <c>.Concurrency.cs</c>.
/// </summary>
public abstract partial class SyncLogStoreContractTests : IAsyncLifetime
{
    /// <summary>A fixed start, so times in assertions are reproducible.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private int _nextId;

    /// <summary>The clock every call's time comes from.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The store under test.</summary>
    protected ISyncLogStore Store { get; private set; } = null!;

    /// <summary>Creates the store under test, empty or holding only other tests' workspaces.</summary>
    protected abstract ValueTask<ISyncLogStore> CreateStoreAsync(FakeTimeProvider time);

    /// <summary>Releases what <see cref="CreateStoreAsync"/> made besides the store (the store is disposed first).</summary>
    protected virtual ValueTask DisposeBackendAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync(Time);

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DisposeBackendAsync();
    }

    /// <summary>A workspace id no other test uses.</summary>
    protected string NewWorkspace() => $"ws-{_run}-{Interlocked.Increment(ref _nextId)}";

    /// <summary>An op id no other test uses.</summary>
    protected string NewOpId() => $"op-{_run}-{Interlocked.Increment(ref _nextId):D6}";

    protected static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    protected PreparedOp Put(string pk, long clock, string payload = "{}", string hlc = "h0", string? opId = null, string table = "threads", string device = "d1") =>
        Op(SyncOp.Put, pk, clock, Json(payload), hlc, opId, table, device);

    protected PreparedOp Delete(string pk, long clock, string hlc = "h0", string? opId = null, string table = "threads", string device = "d1") =>
        Op(SyncOp.Delete, pk, clock, null, hlc, opId, table, device);

    protected PreparedOp Op(SyncOp operation, string pk, long clock, byte[]? payload, string hlc, string? opId, string table, string device)
    {
        ChangeStamp stamp = new(device, opId ?? NewOpId(), hlc, clock);
        // Spelled out: a null array would convert to an empty payload, not to none.
        ReadOnlyMemory<byte>? payloadJson = payload is null ? null : (ReadOnlyMemory<byte>?)payload;
        return new PreparedOp(stamp.OpId, table, operation, pk, payloadJson, stamp, Fingerprint(table, operation, pk, payload, stamp));
    }

    /// <summary>A stand-in for the gateway's fingerprint: SHA-256 over every field a fingerprint covers.</summary>
    protected static byte[] Fingerprint(string table, SyncOp operation, string pk, byte[]? payload, ChangeStamp stamp) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{table}\n{operation}\n{pk}\n{(payload is null ? "-" : Convert.ToBase64String(payload))}\n{stamp.Clock}\n{stamp.Hlc}\n{stamp.DeviceId}"));

    protected async Task<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(string workspace, params PreparedOp[] ops) =>
        await Store.PushAsync(workspace, ops, Time.GetUtcNow());

    protected async Task<StorePullResult> PullAsync(string workspace, long cursor = 0, int limit = 1000, IReadOnlySet<string>? tables = null) =>
        await Store.PullAsync(workspace, cursor, limit, tables);

    protected async Task<CursorUpdateOutcome> UpdateCursorAsync(string workspace, string device, long version, string user = "u1") =>
        await Store.UpdateCursorAsync(workspace, device, user, version, Time.GetUtcNow());

    /// <summary>Every item of a fresh snapshot of <paramref name="workspace"/>, read in pages of <paramref name="pageSize"/>.</summary>
    protected async Task<(SnapshotCapture Capture, List<SnapshotItem> Items)> SnapshotAsync(string workspace, int pageSize = 1000, IReadOnlySet<string>? tables = null)
    {
        SnapshotCapture capture = await Store.CaptureSnapshotAsync(workspace, tables, Time.GetUtcNow(), Time.GetUtcNow().AddHours(1));
        return (capture, await ReadAllAsync(capture, pageSize));
    }

    /// <summary>Every item of <paramref name="capture"/> from <paramref name="after"/>, in pages.</summary>
    protected async Task<List<SnapshotItem>> ReadAllAsync(SnapshotCapture capture, int pageSize, SnapshotPosition? after = null)
    {
        List<SnapshotItem> items = [];
        while (true)
        {
            IReadOnlyList<SnapshotItem> page = await Store.ReadSnapshotAsync(capture, after, pageSize);
            Assert.True(page.Count <= pageSize);
            items.AddRange(page);
            if (page.Count < pageSize)
            {
                return items;
            }

            after = Position(page[^1]);
        }
    }

    protected static SnapshotPosition Position(SnapshotItem item) => new(item.TableName, item.Pk, item is SnapshotTombstone);

    protected static string Text(ReadOnlyMemory<byte>? bytes) => bytes is null ? "<null>" : Encoding.UTF8.GetString(bytes.Value.Span);

    protected static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
