using System;
using System.Collections.Generic;

namespace Engine.Api.Gateway;

/// <summary>One change a client pushes.</summary>
/// <param name="TableName">The table; must be one of <see cref="SyncGatewayOptions.AllowedTables"/>.</param>
/// <param name="Operation">Put or delete.</param>
/// <param name="Pk">The record's key within the table.</param>
/// <param name="PayloadJson">The record as the client's UTF-8 JSON (an object), kept byte for byte; null for none.</param>
/// <param name="Stamp">The client's stamp.</param>
public sealed record PendingOp(string TableName, SyncOp Operation, string Pk, ReadOnlyMemory<byte>? PayloadJson, ChangeStamp Stamp);

/// <summary>A batch of ops for one workspace.</summary>
/// <param name="WorkspaceId">The workspace (scope) the ops belong to.</param>
/// <param name="Ops">The ops, in the client's order.</param>
public sealed record PushBatch(string WorkspaceId, IReadOnlyList<PendingOp> Ops);

/// <summary>The state that beat an op which lost last-writer-wins.</summary>
/// <param name="Revision">The winner's revision.</param>
public abstract record PushWinner(Revision Revision);

/// <summary>A live record won.</summary>
/// <param name="Revision">The winner's revision.</param>
/// <param name="PayloadJson">The winner's payload.</param>
public sealed record PutWinner(Revision Revision, ReadOnlyMemory<byte> PayloadJson) : PushWinner(Revision);

/// <summary>A delete (a tombstone) won.</summary>
/// <param name="Revision">The winner's revision.</param>
/// <param name="ServerDeletedAt">When the server recorded the delete, Unix milliseconds.</param>
public sealed record DeleteWinner(Revision Revision, long ServerDeletedAt) : PushWinner(Revision);

/// <summary>The outcome of one slot of a push; a failure of one slot never aborts its siblings.</summary>
/// <param name="OpId">The op's id.</param>
/// <param name="Success">False for validation errors and conflicts; true for applied, lost and replayed ops.</param>
/// <param name="ServerVersion">The op's version in the workspace's change log; null when it failed.</param>
/// <param name="Applied">Whether the op is (still) the materialized winner of its record; null when it failed.</param>
/// <param name="Replayed">Whether the op id was already logged with the same fingerprint by an earlier push.</param>
/// <param name="ErrorCode">Why it failed; null on success.</param>
/// <param name="Error">A message for a person; null on success.</param>
/// <param name="Winner">For an op that lost: the state that beat it.</param>
/// <param name="WasExisting">Whether the record existed (live or deleted) before this op.</param>
public sealed record PushOpResult(
    string OpId,
    bool Success,
    long? ServerVersion = null,
    bool? Applied = null,
    bool Replayed = false,
    SyncErrorCode? ErrorCode = null,
    string? Error = null,
    PushWinner? Winner = null,
    bool WasExisting = false);

/// <summary>The outcome of a push.</summary>
/// <param name="Results">One result per op of the batch, in the batch's order.</param>
/// <param name="ServerVersion">The workspace's counter after the push (0 for an empty batch on a new workspace).</param>
public sealed record PushResult(IReadOnlyList<PushOpResult> Results, long ServerVersion);
