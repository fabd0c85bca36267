using System.Security.Cryptography;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Storage;

namespace Engine.Tests.Api.Gateway;

/// <summary>
/// A test double of <see cref="ISyncLogStore"/> that keeps everything in dictionaries under one lock and applies the
/// contract's rules plainly (contiguous versions, a global op index, <see cref="LastWriterWins"/>, tombstones only for
/// winning deletes, the GC rule over a monotone creation time, captured snapshots as copied item lists), so gateway
/// tests can assert through it. Thread-safe (one lock; no awaits inside it).
/// </summary>
public sealed class InMemorySyncLogStore : ISyncLogStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WorkspaceState> _workspaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string WorkspaceId, long Version, byte[] Fingerprint)> _opIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SnapshotCapture Capture, List<SnapshotItem> Items)> _snapshots = new(StringComparer.Ordinal);

    /// <summary>How many calls changed something (pushes with ops, cursor writes, GCs, captures).</summary>
    public int Writes { get; private set; }

    public ValueTask<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (ops.Select(op => op.OpId).Distinct(StringComparer.Ordinal).Count() != ops.Count)
            {
                throw new ArgumentException("two ops share an op id", nameof(ops));
            }

            WorkspaceState ws = Workspace(workspaceId);
            long nowMs = now.ToUnixTimeMilliseconds();
            long createdAt = Math.Max(nowMs, ws.LastCommit);
            PreparedOpOutcome[] outcomes = new PreparedOpOutcome[ops.Count];
            for (int i = 0; i < ops.Count; i++)
            {
                PreparedOp op = ops[i];
                if (_opIndex.TryGetValue(op.OpId, out var logged))
                {
                    outcomes[i] = logged.WorkspaceId == workspaceId && logged.Fingerprint.AsSpan().SequenceEqual(op.Fingerprint.Span)
                        ? new PreparedOpOutcome(PreparedOpStatus.Replayed, logged.Version, CarriesOp(ws, op), true, null)
                        : new PreparedOpOutcome(PreparedOpStatus.Conflict, 0, false, false, null);
                }
            }

            for (int i = 0; i < ops.Count; i++)
            {
                if (outcomes[i] is not null)
                {
                    continue;
                }

                PreparedOp op = ops[i];
                long version = ++ws.Counter;
                ws.Log.Add(version, (new SyncChange(version, op.TableName, op.Pk, op.Operation, op.PayloadJson, op.Stamp), createdAt));
                _opIndex[op.OpId] = (workspaceId, version, op.Fingerprint.ToArray());
                var key = (op.TableName, op.Pk);
                ws.Rows.TryGetValue(key, out MaterializedRecord? row);
                ws.Tombstones.TryGetValue(key, out TombstoneRecord? tomb);
                LwwDecision decision = LastWriterWins.Decide(op, row, tomb);
                if (decision.Wins)
                {
                    bool delete = op.Operation == SyncOp.Delete;
                    ws.Rows[key] = new MaterializedRecord(
                        delete ? ReadOnlyMemory<byte>.Empty : op.PayloadJson ?? ReadOnlyMemory<byte>.Empty,
                        op.Revision, op.Stamp.DeviceId, delete, row?.CreatedAt ?? nowMs, nowMs);
                    if (delete)
                    {
                        ws.Tombstones[key] = new TombstoneRecord(op.Revision, version, nowMs, tomb?.CreatedAt ?? createdAt);
                    }
                }

                outcomes[i] = new PreparedOpOutcome(
                    decision.Wins ? PreparedOpStatus.Applied : PreparedOpStatus.Lost, version, decision.Wins, decision.WasExisting, decision.Winner);
            }

            if (ops.Count > 0)
            {
                ws.LastCommit = createdAt;
                Writes++;
            }

            return ValueTask.FromResult<(IReadOnlyList<PreparedOpOutcome>, long)>((outcomes, ws.Counter));
        }
    }

    public ValueTask<StorePullResult> PullAsync(
        string workspaceId, long cursor, int limit, IReadOnlySet<string>? tables, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            WorkspaceState ws = Workspace(workspaceId);
            List<SyncChange> matching = ws.Log.Values
                .Select(entry => entry.Change)
                .Where(change => change.ServerVersion > cursor && (tables is null || tables.Contains(change.TableName)))
                .Take(limit + 1)
                .ToList();
            bool hasMore = matching.Count > limit;
            return ValueTask.FromResult(new StorePullResult(matching.Take(limit).ToList(), hasMore, Oldest(ws), ws.Counter));
        }
    }

    public ValueTask<CursorUpdateOutcome> UpdateCursorAsync(
        string workspaceId, string deviceId, string userId, long version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            WorkspaceState ws = Workspace(workspaceId);
            if (version > ws.Counter)
            {
                return ValueTask.FromResult(CursorUpdateOutcome.BeyondCounter);
            }

            if (ws.Cursors.TryGetValue(deviceId, out var cursor))
            {
                if (cursor.Owner != userId)
                {
                    return ValueTask.FromResult(CursorUpdateOutcome.OtherOwner);
                }

                if (version < cursor.Version)
                {
                    return ValueTask.FromResult(CursorUpdateOutcome.Regression);
                }
            }

            ws.Cursors[deviceId] = (userId, version, now.ToUnixTimeMilliseconds());
            Writes++;
            return ValueTask.FromResult(CursorUpdateOutcome.Updated);
        }
    }

    public ValueTask<GcResult> GcChangeLogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            WorkspaceState ws = Workspace(workspaceId);
            (int expired, long? minCursor) = ExpireCursors(ws, cutoff.ToUnixTimeMilliseconds());
            List<long> doomed = Eligible(ws, cutoff.ToUnixTimeMilliseconds(), minCursor).ToList();
            foreach (long version in doomed)
            {
                ws.Log.Remove(version);
            }

            Writes++;
            return ValueTask.FromResult(new GcResult(expired, doomed.Count, Oldest(ws)));
        }
    }

    public ValueTask<GcResult> GcTombstonesAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            WorkspaceState ws = Workspace(workspaceId);
            long cut = cutoff.ToUnixTimeMilliseconds();
            (int expired, long? minCursor) = ExpireCursors(ws, cut);
            var doomed = ws.Tombstones
                .Where(t => t.Value.CreatedAt < cut && (minCursor is null || t.Value.ServerVersion <= minCursor))
                .Select(t => t.Key)
                .ToList();
            foreach (var key in doomed)
            {
                ws.Tombstones.Remove(key);
            }

            Writes++;
            return ValueTask.FromResult(new GcResult(expired, doomed.Count, Oldest(ws)));
        }
    }

    public ValueTask<long> CountGcBacklogAsync(string workspaceId, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            WorkspaceState ws = Workspace(workspaceId);
            long cut = cutoff.ToUnixTimeMilliseconds();
            long? minCursor = ws.Cursors.Values.Where(c => c.UpdatedAt >= cut).Select(c => (long?)c.Version).Min();
            return ValueTask.FromResult((long)Eligible(ws, cut, minCursor).Count());
        }
    }

    public ValueTask<SnapshotCapture> CaptureSnapshotAsync(
        string workspaceId, IReadOnlySet<string>? tables, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            WorkspaceState ws = Workspace(workspaceId);
            List<SnapshotItem> items = [];
            foreach (var (key, row) in ws.Rows)
            {
                ws.Tombstones.TryGetValue(key, out TombstoneRecord? tomb);
                items.Add(row.Deleted
                    ? new SnapshotTombstone(key.Table, key.Pk, row.Revision, tomb?.ServerDeletedAt ?? row.UpdatedAt)
                    : new SnapshotRow(key.Table, key.Pk, row.Revision, row.PayloadJson));
            }

            foreach (var (key, tomb) in ws.Tombstones.Where(t => !ws.Rows.ContainsKey(t.Key)))
            {
                items.Add(new SnapshotTombstone(key.Table, key.Pk, tomb.Revision, tomb.ServerDeletedAt));
            }

            items = items.Where(item => tables is null || tables.Contains(item.TableName)).ToList();
            items.Sort((a, b) => Compare(Position(a), Position(b)));
            SnapshotCapture capture = new(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), workspaceId, ws.Counter, tables, expiresAt);
            _snapshots[capture.SnapshotId] = (capture, items);
            Writes++;
            return ValueTask.FromResult(capture);
        }
    }

    public ValueTask<SnapshotCapture?> FindSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_snapshots.TryGetValue(snapshotId, out var entry) ? entry.Capture : null);
        }
    }

    public ValueTask<IReadOnlyList<SnapshotItem>> ReadSnapshotAsync(
        SnapshotCapture snapshot, SnapshotPosition? after, int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_snapshots.TryGetValue(snapshot.SnapshotId, out var entry))
            {
                throw new InvalidOperationException("unknown snapshot");
            }

            IReadOnlyList<SnapshotItem> page = entry.Items
                .Where(item => after is not { } position || Compare(Position(item), position) > 0)
                .Take(count)
                .ToList();
            return ValueTask.FromResult(page);
        }
    }

    public ValueTask DropSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _snapshots.Remove(snapshotId);
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static SnapshotPosition Position(SnapshotItem item) => new(item.TableName, item.Pk, item is SnapshotTombstone);

    private static int Compare(SnapshotPosition a, SnapshotPosition b)
    {
        int byTable = string.CompareOrdinal(a.TableName, b.TableName);
        if (byTable != 0)
        {
            return byTable;
        }

        int byPk = string.CompareOrdinal(a.Pk, b.Pk);
        return byPk != 0 ? byPk : a.IsTombstone.CompareTo(b.IsTombstone);
    }

    private static bool CarriesOp(WorkspaceState ws, PreparedOp op)
    {
        var key = (op.TableName, op.Pk);
        return ws.Rows.TryGetValue(key, out MaterializedRecord? row)
            ? row.Revision.OpId == op.OpId
            : ws.Tombstones.TryGetValue(key, out TombstoneRecord? tomb) && tomb.Revision.OpId == op.OpId;
    }

    private static (int Expired, long? MinCursor) ExpireCursors(WorkspaceState ws, long cutoff)
    {
        List<string> stale = ws.Cursors.Where(c => c.Value.UpdatedAt < cutoff).Select(c => c.Key).ToList();
        foreach (string device in stale)
        {
            ws.Cursors.Remove(device);
        }

        return (stale.Count, ws.Cursors.Values.Select(c => (long?)c.Version).Min());
    }

    private static IEnumerable<long> Eligible(WorkspaceState ws, long cutoff, long? minCursor) =>
        ws.Log.Where(e => e.Value.CreatedAt < cutoff && (minCursor is null || e.Key <= minCursor)).Select(e => e.Key);

    private static long Oldest(WorkspaceState ws) => ws.Log.Count > 0 ? ws.Log.Keys.First() : ws.Counter + 1;

    private WorkspaceState Workspace(string workspaceId)
    {
        if (!_workspaces.TryGetValue(workspaceId, out WorkspaceState? ws))
        {
            ws = new WorkspaceState();
            _workspaces[workspaceId] = ws;
        }

        return ws;
    }

    private sealed class WorkspaceState
    {
        public long Counter;
        public long LastCommit;
        public readonly SortedDictionary<long, (SyncChange Change, long CreatedAt)> Log = [];
        public readonly Dictionary<(string Table, string Pk), MaterializedRecord> Rows = [];
        public readonly Dictionary<(string Table, string Pk), TombstoneRecord> Tombstones = [];
        public readonly Dictionary<string, (string Owner, long Version, long UpdatedAt)> Cursors = new(StringComparer.Ordinal);
    }
}
