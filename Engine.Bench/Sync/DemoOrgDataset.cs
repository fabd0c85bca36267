using C1.Connector.V2;
using Engine.Api.Sync;

namespace Engine.Bench.Sync;

/// <summary>
/// The reference's "demo org" shape (BenchmarkSyncShape_BatonDemo, spec section 6) at 5,000 users: a group per 25 users
/// (200), 25 roles, every user a member of 18 groups and assigned 2 roles, every group assigned a role: about 100,000
/// grants, with their resource types, resources and entitlements.
/// </summary>
/// <remarks>
/// Deterministic and scaled by the user count (the tests run it small). Engine.Cli's demo generator is not reachable
/// from here (the CLI references this project), so this one is its own, of the same shape. Immutable; safe to share.
/// </remarks>
internal sealed class DemoOrgDataset
{
    /// <summary>The roles, whatever the scale.</summary>
    public const int RoleCount = 25;

    private const int GroupsPerUser = 18;
    private const int RolesPerUser = 2;

    /// <param name="users">The users; the groups are one per 25 of them.</param>
    public DemoOrgDataset(int users)
    {
        ResourceTypes = [.. new[] { "user", "group", "role" }.Select(t => new ResourceType { Id = t, DisplayName = t })];
        Users = [.. Enumerable.Range(0, users).Select(i => Resource("user", $"user-{i:D5}"))];
        Groups = [.. Enumerable.Range(0, Math.Max(users / 25, 1)).Select(i => Resource("group", $"group-{i:D4}"))];
        Roles = [.. Enumerable.Range(0, RoleCount).Select(i => Resource("role", $"role-{i:D2}"))];
        Entitlement[] members = [.. Groups.Select(g => Entitlement(g, "member"))];
        Entitlement[] assigned = [.. Roles.Select(r => Entitlement(r, "assigned"))];
        Entitlements = [.. members, .. assigned];
        List<Grant> grants = [];
        for (int u = 0; u < Users.Length; u++)
        {
            // 11 is coprime with the group count at 5,000 users (200), so a user's groups are distinct there.
            foreach (int g in Enumerable.Range(0, Math.Min(GroupsPerUser, Groups.Length)).Select(k => (u * 7 + k * 11) % Groups.Length).Distinct())
            {
                grants.Add(Grant(members[g], Users[u]));
            }

            for (int k = 0; k < RolesPerUser; k++)
            {
                grants.Add(Grant(assigned[(u + k * 3) % RoleCount], Users[u]));
            }
        }

        grants.AddRange(Groups.Select((g, i) => Grant(assigned[i % RoleCount], g)));
        Grants = [.. grants];
    }

    /// <summary>user, group, role.</summary>
    public ResourceType[] ResourceTypes { get; }

    /// <summary>The users.</summary>
    public Resource[] Users { get; }

    /// <summary>The groups.</summary>
    public Resource[] Groups { get; }

    /// <summary>The roles.</summary>
    public Resource[] Roles { get; }

    /// <summary>A member entitlement per group and an assigned entitlement per role.</summary>
    public Entitlement[] Entitlements { get; }

    /// <summary>The grants, ids in the reference's convention (entitlement id, principal type, principal id).</summary>
    public Grant[] Grants { get; }

    /// <summary>Every record: types, resources, entitlements and grants.</summary>
    public long RecordCount => ResourceTypes.Length + Users.Length + Groups.Length + Roles.Length + Entitlements.Length + Grants.Length;

    /// <summary>Puts everything into the current sync, resources and grants in batches of <see cref="SyncDataset.BatchSize"/>.</summary>
    public void Put(ISyncWriter store)
    {
        store.PutResourceTypes(ResourceTypes);
        foreach (Resource[] resources in new[] { Users, Groups, Roles })
        {
            foreach (Resource[] chunk in resources.Chunk(SyncDataset.BatchSize))
            {
                store.PutResources(chunk);
            }
        }

        store.PutEntitlements(Entitlements);
        foreach (Grant[] chunk in Grants.Chunk(SyncDataset.BatchSize))
        {
            store.PutGrants(chunk);
        }
    }

    private static Resource Resource(string type, string id) => new()
    {
        Id = new ResourceId { ResourceType = type, Resource = id },
        DisplayName = id,
    };

    private static Entitlement Entitlement(Resource resource, string slug) => new()
    {
        Id = $"{resource.Id.ResourceType}:{resource.Id.Resource}:{slug}",
        Resource = resource,
        DisplayName = slug,
        Slug = slug,
    };

    private static Grant Grant(Entitlement entitlement, Resource principal) => new()
    {
        Id = $"{entitlement.Id}:{principal.Id.ResourceType}:{principal.Id.Resource}",
        Entitlement = new Entitlement { Id = entitlement.Id, Resource = new Resource { Id = entitlement.Resource.Id } },
        Principal = new Resource { Id = principal.Id },
    };
}
