namespace Engine.Api.Sync.Transfer;

/// <summary>The four entity tables a sync holds, named as the reference's v1 tables.</summary>
public enum RecordTable
{
    /// <summary><c>v1_resource_types</c>.</summary>
    ResourceTypes = 0,

    /// <summary><c>v1_resources</c>.</summary>
    Resources = 1,

    /// <summary><c>v1_entitlements</c>.</summary>
    Entitlements = 2,

    /// <summary><c>v1_grants</c>.</summary>
    Grants = 3,
}
