namespace Engine.Api.Sync.Results;

/// <summary>One index inconsistency: its kind, the index, the sync and the record's id, and what is wrong.</summary>
public sealed record IndexProblem(IndexProblemKind Kind, string Index, string SyncId, string RecordId, string Detail);
