using System;
using System.Collections.Generic;

namespace Engine.Api.Gateway.Storage;

/// <summary>A captured snapshot chain: what every page of it reads.</summary>
/// <param name="SnapshotId">Its id, unguessable (the token carries it).</param>
/// <param name="WorkspaceId">The workspace it belongs to; another workspace's token is 403.</param>
/// <param name="HighWatermark">The workspace's counter at the capture.</param>
/// <param name="Tables">The first page's table filter; null for all tables.</param>
/// <param name="ExpiresAt">When it stops being readable (410 afterwards).</param>
public sealed record SnapshotCapture(string SnapshotId, string WorkspaceId, long HighWatermark, IReadOnlySet<string>? Tables, DateTimeOffset ExpiresAt);

/// <summary>Where a snapshot page ends: items sort by table, then pk (ordinal), then kind (row before tombstone).</summary>
/// <param name="TableName">The last item's table.</param>
/// <param name="Pk">The last item's pk.</param>
/// <param name="IsTombstone">Whether the last item is a tombstone.</param>
public readonly record struct SnapshotPosition(string TableName, string Pk, bool IsTombstone);
