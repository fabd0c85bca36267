using System.Collections.Generic;

namespace Engine.Cli.Demo;

/// <summary>How many records of each kind one sync of the demo organisation holds.</summary>
/// <param name="ResourceTypes">Resource types (always 4).</param>
/// <param name="Resources">Resources of every type.</param>
/// <param name="Entitlements">Entitlements.</param>
/// <param name="Grants">Grants.</param>
/// <param name="ResourcesByType">Resources per resource type id.</param>
internal sealed record DemoCounts(long ResourceTypes, long Resources, long Entitlements, long Grants, IReadOnlyDictionary<string, long> ResourcesByType)
{
    public long Total => ResourceTypes + Resources + Entitlements + Grants;
}
