namespace Engine.Api.Sync.Telemetry;

/// <summary>What a record read or written is, the <c>kind</c> tag of the record and byte counters.</summary>
internal enum RecordKind
{
    ResourceType,
    Resource,
    Entitlement,
    Grant,
    Asset,
    Session,
    SyncRun,
}
