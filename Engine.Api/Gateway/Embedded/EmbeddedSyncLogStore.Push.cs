using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

public sealed partial class EmbeddedSyncLogStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Holds the workspace's lock, so versions stay contiguous under concurrent pushes. Each op id is first claimed in
    /// an in-process set; a claim held by another push is another workspace's (pushes to one workspace are serialized),
    /// which is about to log that op id or has found it taken: either way the op id is not this workspace's to log, so
    /// the op is a <see cref="PreparedOpStatus.Conflict"/>. (Should that other push fail to commit, the client's retry
    /// finds the op id free.) Claims are dropped after the commit, so a later push sees the op index entry.
    /// </para>
    /// <para>
    /// A replay's <see cref="PreparedOpOutcome.Applied"/> says whether the record's row (or orphan tombstone) carries
    /// the op id after this push, and its <see cref="PreparedOpOutcome.WasExisting"/> is true (the op made or met the
    /// record). New ops are decided in order against the state earlier ops of the push left. The whole push is one
    /// synced batch: counter, log entries, op index entries, rows, tombstones and their index.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException">The workspace id is empty, an op is null, or two ops share an op id.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">The write failed: nothing of the push is acknowledged.</exception>
    public async ValueTask<(IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion)> PushAsync(
        string workspaceId, IReadOnlyList<PreparedOp> ops, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        CheckWorkspace(workspaceId);
        ArgumentNullException.ThrowIfNull(ops);
        CheckOps(ops);
        EnsureOpen();
        using WorkspaceLease lease = await LockAsync(workspaceId, cancellationToken).ConfigureAwait(false);
        List<string> claimed = new(ops.Count);
        try
        {
            return PushLocked(workspaceId, ops, now.ToUnixTimeMilliseconds(), claimed, cancellationToken);
        }
        finally
        {
            foreach (string opId in claimed)
            {
                _claimedOpIds.TryRemove(KeyValuePair.Create(opId, workspaceId));
            }
        }
    }

    private (IReadOnlyList<PreparedOpOutcome> Outcomes, long ServerVersion) PushLocked(
        string workspaceId, IReadOnlyList<PreparedOp> ops, long now, List<string> claimed, CancellationToken cancellationToken)
    {
        PreparedOpOutcome[] outcomes = new PreparedOpOutcome[ops.Count];
        List<int> fresh = new(ops.Count);
        List<(int Index, long Version)> replays = [];
        for (int i = 0; i < ops.Count; i++)
        {
            PreparedOp op = ops[i];
            if (!_claimedOpIds.TryAdd(op.OpId, workspaceId))
            {
                outcomes[i] = Conflict;
                continue;
            }

            claimed.Add(op.OpId);
            OpIndexValue? logged = GatewayRecords.Get<OpIndexValue>(_database, GatewayKeys.OpIndex(op.OpId));
            if (logged is null)
            {
                fresh.Add(i);
            }
            else if (string.Equals(logged.WorkspaceId, workspaceId, StringComparison.Ordinal) && op.Fingerprint.Span.SequenceEqual(logged.Fingerprint))
            {
                replays.Add((i, logged.ServerVersion));
            }
            else
            {
                outcomes[i] = Conflict;
            }
        }

        CounterValue counter = ReadCounter(workspaceId);
        Dictionary<(string Table, string Pk), RecordState> records = [];
        using WriteBatch batch = new();
        if (fresh.Count > 0)
        {
            // Never below the last commit's, so the entries GC may delete are always a prefix of the log.
            long createdAt = Math.Max(now, counter.LastCommitAt);
            long version = counter.ServerVersion;
            foreach (int i in fresh)
            {
                PreparedOp op = ops[i];
                version++;
                batch.Put(GatewayKeys.ChangeLog(workspaceId, version), GatewayRecords.Serialize(LogEntry(op, createdAt)));
                batch.Put(GatewayKeys.OpIndex(op.OpId), GatewayRecords.Serialize(new OpIndexValue
                {
                    WorkspaceId = workspaceId,
                    ServerVersion = version,
                    Fingerprint = op.Fingerprint.ToArray(),
                }));
                outcomes[i] = Apply(Record(records, workspaceId, op), op, version, now);
            }

            counter.ServerVersion = version;
            counter.LastCommitAt = createdAt;
            batch.Put(GatewayKeys.Counter(workspaceId), GatewayRecords.Serialize(counter));
            foreach (RecordState record in records.Values)
            {
                record.WriteTo(batch);
            }
        }

        foreach ((int index, long version) in replays)
        {
            PreparedOp op = ops[index];
            bool applied = string.Equals(Record(records, workspaceId, op).WinnerOpId, op.OpId, StringComparison.Ordinal);
            outcomes[index] = new PreparedOpOutcome(PreparedOpStatus.Replayed, version, applied, WasExisting: true, Winner: null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count > 0)
        {
            _database.Write(batch, _durability);
        }

        return (outcomes, counter.ServerVersion);
    }

    private static PreparedOpOutcome Conflict { get; } = new(PreparedOpStatus.Conflict, 0, Applied: false, WasExisting: false, Winner: null);

    private static PreparedOpOutcome Apply(RecordState record, PreparedOp op, long version, long now)
    {
        LwwDecision decision = record.Decide(op);
        if (!decision.Wins)
        {
            return new PreparedOpOutcome(PreparedOpStatus.Lost, version, Applied: false, decision.WasExisting, decision.Winner);
        }

        if (op.Operation == SyncOp.Delete)
        {
            record.ApplyDelete(op, version, now);
        }
        else
        {
            record.ApplyPut(op, now);
        }

        return new PreparedOpOutcome(PreparedOpStatus.Applied, version, Applied: true, decision.WasExisting, Winner: null);
    }

    private RecordState Record(Dictionary<(string Table, string Pk), RecordState> records, string workspaceId, PreparedOp op)
    {
        if (!records.TryGetValue((op.TableName, op.Pk), out RecordState? record))
        {
            record = new RecordState(
                workspaceId,
                op.TableName,
                op.Pk,
                GatewayRecords.Get<RowValue>(_database, GatewayKeys.Row(workspaceId, op.TableName, op.Pk)),
                GatewayRecords.Get<TombstoneValue>(_database, GatewayKeys.Tombstone(workspaceId, op.TableName, op.Pk)));
            records.Add((op.TableName, op.Pk), record);
        }

        return record;
    }

    private static ChangeLogValue LogEntry(PreparedOp op, long createdAt) => new()
    {
        Table = op.TableName,
        Pk = op.Pk,
        Op = (byte)op.Operation,
        Payload = op.PayloadJson?.ToArray(),
        Clock = op.Stamp.Clock,
        Hlc = op.Stamp.Hlc,
        DeviceId = op.Stamp.DeviceId,
        OpId = op.OpId,
        CreatedAt = createdAt,
    };

    private static void CheckOps(IReadOnlyList<PreparedOp> ops)
    {
        HashSet<string> opIds = new(ops.Count, StringComparer.Ordinal);
        foreach (PreparedOp op in ops)
        {
            if (op is null)
            {
                throw new ArgumentException("An op is null.", nameof(ops));
            }

            if (!opIds.Add(op.OpId))
            {
                throw new ArgumentException($"The op id '{op.OpId}' appears twice; the gateway groups ops by op id.", nameof(ops));
            }
        }
    }
}
