using System;
using System.Collections.Generic;

namespace Engine.Api.Gateway;

/// <summary>A request for the changes after a cursor.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="Cursor">The last server version the client has (0 for none).</param>
/// <param name="Limit">At most this many changes; null for the default, clamped to [1, max].</param>
/// <param name="Tables">Only changes of these tables; null for all.</param>
public sealed record PullRequest(string WorkspaceId, long Cursor, int? Limit = null, IReadOnlySet<string>? Tables = null);

/// <summary>One logged change.</summary>
/// <param name="ServerVersion">Its version in the workspace's change log.</param>
/// <param name="TableName">The table.</param>
/// <param name="Pk">The record's key.</param>
/// <param name="Op">Put or delete.</param>
/// <param name="PayloadJson">The payload as stored (the client's bytes, server-derived fields reset); null for none.</param>
/// <param name="Stamp">The client's stamp.</param>
public sealed record SyncChange(long ServerVersion, string TableName, string Pk, SyncOp Op, ReadOnlyMemory<byte>? PayloadJson, ChangeStamp Stamp);

/// <summary>A page of changes.</summary>
/// <param name="Changes">The changes after the cursor, in version order.</param>
/// <param name="NextCursor">The last returned change's version, or the request's cursor when none.</param>
/// <param name="HasMore">Whether more (matching) changes follow.</param>
/// <param name="OldestRetainedVersion">The smallest version still in the log; the counter + 1 when the log is empty.</param>
/// <param name="RequiresSnapshot">Whether the cursor is behind retained history: the client must bootstrap from a snapshot.</param>
public sealed record PullResponse(
    IReadOnlyList<SyncChange> Changes, long NextCursor, bool HasMore, long OldestRetainedVersion, bool RequiresSnapshot);
