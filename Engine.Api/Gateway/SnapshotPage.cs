using System;
using System.Collections.Generic;

namespace Engine.Api.Gateway;

/// <summary>A request for one page of a workspace's snapshot (<c>snapshot-v1</c>).</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="PageSize">Items per page, 1 to <see cref="SyncGatewayOptions.MaxSnapshotPageSize"/>.</param>
/// <param name="PageToken">The previous page's token; null for the first page, which captures the snapshot.</param>
/// <param name="Tables">Only these tables; must equal the first page's filter on later pages.</param>
public sealed record SnapshotRequest(string WorkspaceId, int PageSize, string? PageToken = null, IReadOnlySet<string>? Tables = null);

/// <summary>One record of a snapshot, live or deleted; items sort by (table, pk, kind).</summary>
/// <param name="TableName">The table.</param>
/// <param name="Pk">The record's key.</param>
/// <param name="Revision">The revision that made its current state.</param>
public abstract record SnapshotItem(string TableName, string Pk, Revision Revision);

/// <summary>A live record.</summary>
/// <param name="TableName">The table.</param>
/// <param name="Pk">The record's key.</param>
/// <param name="Revision">The revision of its payload.</param>
/// <param name="PayloadJson">The payload.</param>
public sealed record SnapshotRow(string TableName, string Pk, Revision Revision, ReadOnlyMemory<byte> PayloadJson)
    : SnapshotItem(TableName, Pk, Revision);

/// <summary>A deleted record.</summary>
/// <param name="TableName">The table.</param>
/// <param name="Pk">The record's key.</param>
/// <param name="Revision">The revision of the delete.</param>
/// <param name="ServerDeletedAt">When the server recorded the delete, Unix milliseconds.</param>
public sealed record SnapshotTombstone(string TableName, string Pk, Revision Revision, long ServerDeletedAt)
    : SnapshotItem(TableName, Pk, Revision);

/// <summary>One page of a snapshot.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="SnapshotId">The same on every page of one chain.</param>
/// <param name="HighWatermark">The workspace's counter when the first page was captured; pull from it afterwards.</param>
/// <param name="Items">The page's items.</param>
/// <param name="NextPageToken">The token of the next page; null on the last.</param>
public sealed record SnapshotPage(string WorkspaceId, string SnapshotId, long HighWatermark, IReadOnlyList<SnapshotItem> Items, string? NextPageToken);
