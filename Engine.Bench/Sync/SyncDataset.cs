using C1.Connector.V2;
using Engine.Api.Sync;

namespace Engine.Bench.Sync;

/// <summary>
/// The records of the sync benchmark, shaped like the reference's (spec section 6): grants <c>grant-%08d</c> over 100
/// entitlements and 1,000 users, put in batches of 10,000; and, for the read workloads, the catalog they point at
/// (resource types, the users, 100 apps under 10 orgs, one entitlement per app).
/// </summary>
/// <remarks>
/// Deterministic: grant <c>i</c> has entitlement <c>i mod 100</c> and user <c>(i / 100) mod 1000</c>, so every
/// entitlement holds about N/100 grants and every user about N/1000. Grants carry slim copies of their entitlement and
/// principal (ids only), as a connector's grants do. Immutable after construction; safe to share.
/// </remarks>
internal sealed class SyncDataset
{
    /// <summary>The users (the grants' principals).</summary>
    public const int UserCount = 1000;

    /// <summary>The entitlements, one per app.</summary>
    public const int EntitlementCount = 100;

    /// <summary>The orgs, each the parent of <see cref="EntitlementCount"/> / <see cref="OrgCount"/> apps.</summary>
    public const int OrgCount = 10;

    /// <summary>The grants of one PutGrants call.</summary>
    public const int BatchSize = 10_000;

    private readonly Resource[] _slimUsers;
    private readonly Entitlement[] _slimEntitlements;

    public SyncDataset()
    {
        ResourceTypes = [.. new[] { "user", "org", "app" }.Select(t => new ResourceType { Id = t, DisplayName = t })];
        Users = [.. Enumerable.Range(0, UserCount).Select(i => Resource("user", $"u{i:D4}", null))];
        Orgs = [.. Enumerable.Range(0, OrgCount).Select(i => Resource("org", $"o{i:D2}", null))];
        Apps = [.. Enumerable.Range(0, EntitlementCount).Select(i => Resource("app", $"a{i:D3}", Orgs[i % OrgCount]))];
        Entitlements = [.. Apps.Select(a => new Entitlement { Id = $"app:{a.Id.Resource}:member", Resource = a, DisplayName = "member", Slug = "member" })];
        _slimUsers = [.. Users.Select(u => new Resource { Id = u.Id })];
        _slimEntitlements = [.. Entitlements.Select(e => new Entitlement { Id = e.Id, Resource = new Resource { Id = e.Resource.Id } })];
    }

    /// <summary>The resource types: user, org, app.</summary>
    public ResourceType[] ResourceTypes { get; }

    /// <summary>The users, <c>u0000</c> to <c>u0999</c>.</summary>
    public Resource[] Users { get; }

    /// <summary>The orgs, the apps' parents.</summary>
    public Resource[] Orgs { get; }

    /// <summary>The apps, each under org <c>i mod 10</c>.</summary>
    public Resource[] Apps { get; }

    /// <summary>The entitlements, <c>app:aNNN:member</c>.</summary>
    public Entitlement[] Entitlements { get; }

    /// <summary>Grant <paramref name="index"/>, its id <paramref name="prefix"/> and the index in eight digits.</summary>
    public Grant Grant(int index, string prefix = "grant-") => new()
    {
        Id = $"{prefix}{index:D8}",
        Entitlement = _slimEntitlements[index % EntitlementCount],
        Principal = _slimUsers[index / EntitlementCount % UserCount],
    };

    /// <summary>Puts the resource types, users, orgs, apps and entitlements into the current sync.</summary>
    public void PutCatalog(ISyncWriter store)
    {
        store.PutResourceTypes(ResourceTypes);
        store.PutResources(Users);
        store.PutResources(Orgs);
        store.PutResources(Apps);
        store.PutEntitlements(Entitlements);
    }

    /// <summary>
    /// Puts grants 0 to <paramref name="count"/> - 1 in batches of <see cref="BatchSize"/>; the first
    /// <paramref name="renamed"/> of them get the id prefix <c>new-</c>, so two syncs differ in exactly those.
    /// </summary>
    public void PutGrants(ISyncWriter store, int count, int renamed = 0)
    {
        Grant[] batch = new Grant[Math.Min(count, BatchSize)];
        for (int start = 0; start < count; start += batch.Length)
        {
            int length = Math.Min(batch.Length, count - start);
            for (int i = 0; i < length; i++)
            {
                int index = start + i;
                batch[i] = Grant(index, index < renamed ? "new-" : "grant-");
            }

            store.PutGrants(batch.AsSpan(0, length));
        }
    }

    private static Resource Resource(string type, string id, Resource? parent) => new()
    {
        Id = new ResourceId { ResourceType = type, Resource = id },
        ParentResourceId = parent?.Id,
        DisplayName = $"{type} {id}",
    };
}
