using Engine.Api.Sync.Transfer;

namespace Engine.Api.Sync.Results;

/// <summary>One record that differs between two syncs: its table, its id and how it differs.</summary>
/// <param name="Table">The record's table.</param>
/// <param name="Id">
/// The record's id as the store keys it: a resource type's, entitlement's or grant's id; for a resource
/// <c>"{resource_type}:{resource}"</c>.
/// </param>
/// <param name="Kind">Added, removed or changed.</param>
public readonly record struct SyncChange(RecordTable Table, string Id, SyncChangeKind Kind);
