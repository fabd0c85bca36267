using C1.Connector.V2;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>What a generated dataset holds, in the primary's sync ids: the ids the reader sweep asks about.</summary>
internal sealed class DatasetFacts
{
    public List<string> SyncIds { get; } = [];

    public HashSet<string> ResourceTypeIds { get; } = new(StringComparer.Ordinal);

    public List<Resource> Resources { get; } = [];

    public List<Entitlement> Entitlements { get; } = [];

    public List<Grant> Grants { get; } = [];

    public HashSet<string> AssetIds { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SessionKeys { get; } = new(StringComparer.Ordinal);
}
