using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway;

public sealed partial class SyncGateway
{
    /// <summary>The error of every slot of an op id whose slots differ within one batch.</summary>
    internal const string InBatchConflictMessage = "op id repeated with different content in this batch";

    /// <summary>The error of an op whose id an earlier push logged with other content or in another workspace.</summary>
    internal const string ReusedOpIdMessage = "op id already used";

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// Each op is validated on its own; a failure never aborts its siblings (<see cref="SyncErrorCode.ValidationError"/>,
    /// no version). Slots sharing an op id are one op when their fingerprints are equal (every slot gets that op's
    /// result) and a <see cref="SyncErrorCode.Conflict"/> on every slot, with no version, when they differ. The
    /// fingerprint covers what the client sent; the stored payload has the table's server-derived fields reset to 0.
    /// </para>
    /// <para>
    /// <see cref="PushResult.ServerVersion"/> is the workspace's counter after the push, and 0 for an empty batch
    /// (which is still authorized but reaches no store).
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="caller"/>, <paramref name="batch"/> or its ops or workspace is null.</exception>
    /// <exception cref="ArgumentException">An op, its stamp, or one of their strings is null.</exception>
    /// <exception cref="SyncRequestException">401 or 403 (see the type's remarks).</exception>
    public async ValueTask<PushResult> PushAsync(SyncCaller caller, PushBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckCall(caller, batch.WorkspaceId, "batch.WorkspaceId");
        ArgumentNullException.ThrowIfNull(batch.Ops, "batch.Ops");
        IReadOnlyList<PendingOp> ops = batch.Ops;
        for (int i = 0; i < ops.Count; i++)
        {
            PendingOpChecker.CheckShape(ops[i], i, nameof(batch));
        }

        await AuthorizeAsync(caller, batch.WorkspaceId, WorkspaceRole.Editor, cancellationToken).ConfigureAwait(false);
        if (ops.Count == 0)
        {
            return new PushResult([], 0);
        }

        PushPlan plan = PlanPush(ops, batch.WorkspaceId);
        (IReadOnlyList<PreparedOpOutcome> outcomes, long serverVersion) =
            await _store.PushAsync(batch.WorkspaceId, plan.Prepared, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (outcomes.Count != plan.Prepared.Count)
        {
            throw new InvalidOperationException("the store returned a different number of outcomes than ops");
        }

        PushOpResult[] results = new PushOpResult[ops.Count];
        for (int i = 0; i < ops.Count; i++)
        {
            PushSlot slot = plan.Slots[i];
            results[i] = slot.PreparedIndex is int index
                ? ToResult(plan.Prepared[index].OpId, outcomes[index])
                : new PushOpResult(ops[i].Stamp.OpId, false, ErrorCode: slot.Code, Error: slot.Error);
        }

        return new PushResult(results, serverVersion);
    }

    /// <summary>Checks every op and groups the slots by op id: which go to the store, and which fail and why.</summary>
    private PushPlan PlanPush(IReadOnlyList<PendingOp> ops, string workspaceId)
    {
        CheckedOp[] checkedOps = new CheckedOp[ops.Count];
        Dictionary<string, int> firstSlot = new(ops.Count, StringComparer.Ordinal);
        HashSet<string> conflicting = new(StringComparer.Ordinal);
        for (int i = 0; i < ops.Count; i++)
        {
            checkedOps[i] = _checker.Check(ops[i], workspaceId);
            string opId = ops[i].Stamp.OpId;
            if (!firstSlot.TryAdd(opId, i) && !checkedOps[firstSlot[opId]].Fingerprint.AsSpan().SequenceEqual(checkedOps[i].Fingerprint))
            {
                conflicting.Add(opId);
            }
        }

        List<PreparedOp> prepared = new(firstSlot.Count);
        Dictionary<string, int> preparedIndex = new(firstSlot.Count, StringComparer.Ordinal);
        PushSlot[] slots = new PushSlot[ops.Count];
        for (int i = 0; i < ops.Count; i++)
        {
            string opId = ops[i].Stamp.OpId;
            if (conflicting.Contains(opId))
            {
                slots[i] = new PushSlot(null, SyncErrorCode.Conflict, InBatchConflictMessage);
            }
            else if (checkedOps[i].Error is { } error)
            {
                slots[i] = new PushSlot(null, SyncErrorCode.ValidationError, error);
            }
            else if (preparedIndex.TryGetValue(opId, out int index))
            {
                slots[i] = new PushSlot(index, null, null);
            }
            else
            {
                preparedIndex.Add(opId, prepared.Count);
                slots[i] = new PushSlot(prepared.Count, null, null);
                prepared.Add(checkedOps[i].Prepared!);
            }
        }

        return new PushPlan(prepared, slots);
    }

    private static PushOpResult ToResult(string opId, PreparedOpOutcome outcome) => outcome.Status switch
    {
        PreparedOpStatus.Applied or PreparedOpStatus.Lost => new PushOpResult(
            opId, true, outcome.ServerVersion, outcome.Applied, Winner: outcome.Winner, WasExisting: outcome.WasExisting),
        PreparedOpStatus.Replayed => new PushOpResult(
            opId, true, outcome.ServerVersion, outcome.Applied, Replayed: true, Winner: outcome.Winner, WasExisting: outcome.WasExisting),
        _ => new PushOpResult(opId, false, ErrorCode: SyncErrorCode.Conflict, Error: ReusedOpIdMessage),
    };

    /// <summary>What one slot of a batch becomes: the index of its op among those sent to the store, or an error.</summary>
    private readonly record struct PushSlot(int? PreparedIndex, SyncErrorCode? Code, string? Error);

    /// <summary>The ops for the store (one per op id, in first-appearance order) and every slot's fate.</summary>
    private sealed record PushPlan(List<PreparedOp> Prepared, PushSlot[] Slots);
}
