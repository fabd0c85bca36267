using System.Text;
using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Api.Gateway.Storage;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// Crashes of the embedded change-log store on the crash-simulating file system, before every file operation of a push
/// (large enough that the memtable rotates and flushes inside it) and of a GC of several chunks, keeping only durable
/// state (a machine crash) or everything written (a process crash). The oracle: the store opens; every acknowledged push
/// is there; the crashed push is whole or absent; the log runs without a gap from its oldest version to the counter,
/// which equals the largest logged version; a GC removed a prefix, never a hole.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EmbeddedSyncLogStoreCrashTests
{
    private const string StorePath = "/gateway";
    private const string Workspace = "ws-crash";

    private static readonly DatabaseOptions s_options = new() { WriteBufferSizeBytes = 64 << 10, MaxImmutableMemtables = 1 };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ACrashInsideAPush_KeepsTheAcknowledgedPushes_AndTheCrashedOneWholeOrAbsent()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        PreparedOp[] acknowledged = Ops(0, 20);
        PreparedOp[] crashed = Ops(20, 220);
        using (Database database = Open(fs))
        {
            await using EmbeddedSyncLogStore store = new(database, timeProvider: _time);
            await store.PushAsync(Workspace, acknowledged, _time.GetUtcNow());
            fs.BeforeOperation = (_, _) => crashes.Add((mem.CrashClone(), mem.CrashClone(CrashOptions.KeepAll)));
            await store.PushAsync(Workspace, crashed, _time.GetUtcNow());
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 3, $"only {crashes.Count} file operations inside the push");
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem clone in new[] { machine, process })
            {
                using Database database = Open(clone);
                await using EmbeddedSyncLogStore store = new(database, timeProvider: _time);
                StorePullResult log = await AssertContiguousAsync(store);
                string[] opIds = log.Changes.Select(c => c.Stamp.OpId).ToArray();
                Assert.True(
                    opIds.SequenceEqual(acknowledged.Select(o => o.OpId)) || opIds.SequenceEqual(acknowledged.Concat(crashed).Select(o => o.OpId)),
                    $"{opIds.Length} ops logged: neither {acknowledged.Length} nor {acknowledged.Length + crashed.Length}");
                await AssertRecordsMatchLogAsync(store, log);
                PreparedOpOutcome replay = (await store.PushAsync(Workspace, [acknowledged[0]], _time.GetUtcNow())).Outcomes[0];
                Assert.Equal(PreparedOpStatus.Replayed, replay.Status);
            }
        }
    }

    [Fact]
    public async Task ACrashInsideAGcOfSeveralChunks_LeavesAPrefixDeleted_NeverAHole()
    {
        int total = (2 * EmbeddedSyncLogStore.GcChunkSize) + 500;
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        using (Database database = Open(fs))
        {
            await using EmbeddedSyncLogStore store = new(database, timeProvider: _time);
            for (int start = 0; start < total; start += 500)
            {
                await store.PushAsync(Workspace, Ops(start, start + 500, padding: 0), _time.GetUtcNow());
            }

            _time.Advance(TimeSpan.FromDays(2));
            fs.BeforeOperation = (_, _) => crashes.Add((mem.CrashClone(), mem.CrashClone(CrashOptions.KeepAll)));
            GcResult result = await store.GcChangeLogAsync(Workspace, _time.GetUtcNow().AddDays(-1));
            fs.BeforeOperation = null;
            Assert.Equal(new GcResult(0, total, total + 1), result);
        }

        Assert.True(crashes.Count >= 3, $"only {crashes.Count} file operations inside the GC");
        HashSet<long> oldest = [];
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem clone in new[] { machine, process })
            {
                using Database database = Open(clone);
                await using EmbeddedSyncLogStore store = new(database, timeProvider: _time);
                StorePullResult log = await AssertContiguousAsync(store);
                Assert.Equal(total, log.Counter);
                Assert.Contains(log.OldestRetainedVersion, new long[] { 1, EmbeddedSyncLogStore.GcChunkSize + 1, (2 * EmbeddedSyncLogStore.GcChunkSize) + 1, total + 1 });
                oldest.Add(log.OldestRetainedVersion);

                // The op index went with its chunk: the first retained op replays, the last collected one does not.
                if (log.Changes.Count > 0)
                {
                    PreparedOp retained = Op((int)log.OldestRetainedVersion - 1, padding: 0);
                    Assert.Equal(PreparedOpStatus.Replayed, (await store.PushAsync(Workspace, [retained], _time.GetUtcNow())).Outcomes[0].Status);
                }
            }
        }

        Assert.True(oldest.Count >= 2, $"every crash saw the same prefix: {string.Join(", ", oldest)}");
    }

    [Fact]
    public async Task AFailedPushWrite_IsNotAcknowledged_AndAfterReopenIsWholeOrAbsent()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        PreparedOp[] first = Ops(0, 5);
        PreparedOp[] failing = Ops(5, 10);
        using (Database database = Open(fs))
        {
            await using EmbeddedSyncLogStore store = new(database, timeProvider: _time);
            await store.PushAsync(Workspace, first, _time.GetUtcNow());
            fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 1));
            await Assert.ThrowsAnyAsync<StorageException>(async () => await store.PushAsync(Workspace, failing, _time.GetUtcNow()));
            fs.Disable();
        }

        using Database reopened = Open(mem);
        await using EmbeddedSyncLogStore again = new(reopened, timeProvider: _time);
        StorePullResult log = await AssertContiguousAsync(again);
        Assert.True(log.Changes.Count is 5 or 10, $"{log.Changes.Count} ops logged");
        await AssertRecordsMatchLogAsync(again, log);
    }

    /// <summary>Every entry of the log; asserts versions run from the oldest retained to the counter without a gap.</summary>
    private static async Task<StorePullResult> AssertContiguousAsync(EmbeddedSyncLogStore store)
    {
        StorePullResult log = await store.PullAsync(Workspace, 0, int.MaxValue, null);
        long expected = log.OldestRetainedVersion;
        foreach (SyncChange change in log.Changes)
        {
            Assert.Equal(expected++, change.ServerVersion);
        }

        Assert.Equal(log.Counter + 1, expected);
        return log;
    }

    /// <summary>Each op here is a put of its own pk: the snapshot holds exactly the logged pks.</summary>
    private static async Task AssertRecordsMatchLogAsync(EmbeddedSyncLogStore store, StorePullResult log)
    {
        SnapshotCapture capture = await store.CaptureSnapshotAsync(Workspace, null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        IReadOnlyList<SnapshotItem> items = await store.ReadSnapshotAsync(capture, null, 100_000);
        Assert.Equal(log.Changes.Select(c => c.Pk).Order(StringComparer.Ordinal), items.Select(i => i.Pk));
        Assert.Equal(log.Counter, capture.HighWatermark);
    }

    private static Database Open(IFileSystem fs) => new(LsmDatabase.Open(fs, StorePath, s_options.ToLsmOptions()));

    private static PreparedOp[] Ops(int from, int to, int padding = 1000) => Enumerable.Range(from, to - from).Select(i => Op(i, padding)).ToArray();

    /// <summary>The i-th op: a put of its own pk, padded (1 KiB by default, so pushes fill the write buffer).</summary>
    private static PreparedOp Op(int i, int padding = 1000)
    {
        string pk = $"r{i:D6}";
        byte[] payload = Encoding.UTF8.GetBytes($$"""{"id":"{{pk}}","pad":"{{new string('x', padding)}}"}""");
        ChangeStamp stamp = new("d1", $"op-{i:D6}", "h", 1);
        return new PreparedOp(stamp.OpId, "threads", SyncOp.Put, pk, payload, stamp, System.Security.Cryptography.SHA256.HashData(payload));
    }
}
