using System.Collections.Generic;
using C1.Connector.V2;
using Google.Protobuf.WellKnownTypes;

namespace Engine.Cli.Demo;

/// <summary>
/// The organisation as the reference's messages (C1.Connector.V2), in the shapes of the fixtures
/// (shared/spec/baton-storage.md, section 9.3): entitlements carry their resource, grants their entitlement and
/// principal by id, and a group's access to a project carries a GrantExpandable naming the group's member entitlement.
/// </summary>
internal sealed partial class DemoOrganization
{
    /// <summary>user, group, role and project, with their traits.</summary>
    public static IReadOnlyList<ResourceType> ResourceTypes() =>
    [
        ResourceTypeOf(DemoIds.UserType, "User", ResourceType.Types.Trait.User),
        ResourceTypeOf(DemoIds.GroupType, "Group", ResourceType.Types.Trait.Group),
        ResourceTypeOf(DemoIds.RoleType, "Role", ResourceType.Types.Trait.Role),
        ResourceTypeOf(DemoIds.ProjectType, "Project", null),
    ];

    /// <summary>Groups, roles, projects (each under its owning group), then users.</summary>
    public IEnumerable<Resource> Resources()
    {
        for (int g = 0; g < GroupCount; g++)
        {
            yield return GroupResource(g);
        }

        for (int r = 0; r < RoleCount; r++)
        {
            yield return RoleResource(r);
        }

        for (int p = 0; p < ProjectCount; p++)
        {
            Resource project = ProjectResource(p);
            project.ParentResourceId = IdOf(DemoIds.GroupType, DemoIds.Group(_projectOwners[p]));
            project.Description = $"Owned by {_groupNames[_projectOwners[p]]}";
            yield return project;
        }

        foreach (DemoUser user in _users)
        {
            yield return UserResource(user);
        }
    }

    /// <summary>group:member, role:assigned, and project admin, editor and viewer.</summary>
    public IEnumerable<Entitlement> Entitlements()
    {
        for (int g = 0; g < GroupCount; g++)
        {
            yield return EntitlementOf(GroupResource(g), DemoIds.Member, $"Member of {_groupNames[g]}");
        }

        for (int r = 0; r < RoleCount; r++)
        {
            yield return EntitlementOf(RoleResource(r), DemoIds.Assigned, $"Assigned the {DemoNames.Roles[r]} role");
        }

        for (int p = 0; p < ProjectCount; p++)
        {
            foreach (string level in DemoNames.ProjectLevels)
            {
                yield return EntitlementOf(ProjectResource(p), level, $"{Capitalized(level)} of {_projectNames[p]}");
            }
        }
    }

    /// <summary>Group memberships, role assignments, project access of users, then of groups (expandable).</summary>
    public IEnumerable<Grant> Grants()
    {
        foreach ((int user, int group) in _groupMembers)
        {
            yield return GrantOf(DemoIds.GroupType, DemoIds.Group(group), DemoIds.Member, DemoIds.UserType, DemoIds.User(user));
        }

        foreach ((int user, int role) in _roleMembers)
        {
            yield return GrantOf(DemoIds.RoleType, DemoIds.Role(role), DemoIds.Assigned, DemoIds.UserType, DemoIds.User(user));
        }

        foreach ((int user, int project, int level) in _projectAccess)
        {
            yield return GrantOf(DemoIds.ProjectType, DemoIds.Project(project), DemoNames.ProjectLevels[level], DemoIds.UserType, DemoIds.User(user));
        }

        foreach (KeyValuePair<(int Project, int Group), int> access in _projectGroups)
        {
            string group = DemoIds.Group(access.Key.Group);
            Grant grant = GrantOf(DemoIds.ProjectType, DemoIds.Project(access.Key.Project), DemoNames.ProjectLevels[access.Value], DemoIds.GroupType, group);
            GrantExpandable expandable = new();
            expandable.EntitlementIds.Add(DemoIds.Entitlement(DemoIds.GroupType, group, DemoIds.Member));
            grant.Annotations.Add(Any.Pack(expandable));
            yield return grant;
        }
    }

    /// <summary>How many records of each kind <see cref="Resources"/>, <see cref="Entitlements"/> and <see cref="Grants"/> give.</summary>
    public DemoCounts Count() => new(
        ResourceTypes().Count,
        GroupCount + RoleCount + ProjectCount + _users.Count,
        GroupCount + RoleCount + (ProjectCount * DemoNames.ProjectLevels.Length),
        _groupMembers.Count + _roleMembers.Count + _projectAccess.Count + _projectGroups.Count,
        new Dictionary<string, long>
        {
            [DemoIds.UserType] = _users.Count,
            [DemoIds.GroupType] = GroupCount,
            [DemoIds.RoleType] = RoleCount,
            [DemoIds.ProjectType] = ProjectCount,
        });

    private static ResourceType ResourceTypeOf(string id, string name, ResourceType.Types.Trait? trait)
    {
        ResourceType type = new() { Id = id, DisplayName = name };
        if (trait is { } value)
        {
            type.Traits.Add(value);
        }

        return type;
    }

    private static ResourceId IdOf(string type, string id) => new() { ResourceType = type, Resource = id };

    private Resource GroupResource(int g) => new()
    {
        Id = IdOf(DemoIds.GroupType, DemoIds.Group(g)),
        DisplayName = _groupNames[g],
    };

    private static Resource RoleResource(int r) => new()
    {
        Id = IdOf(DemoIds.RoleType, DemoIds.Role(r)),
        DisplayName = DemoNames.Roles[r],
    };

    private Resource ProjectResource(int p) => new()
    {
        Id = IdOf(DemoIds.ProjectType, DemoIds.Project(p)),
        DisplayName = _projectNames[p],
    };

    private static Resource UserResource(DemoUser user)
    {
        Struct profile = new();
        profile.Fields["email"] = Value.ForString(user.Email);
        profile.Fields["department"] = Value.ForString(DemoNames.Departments[user.Department]);
        profile.Fields["title"] = Value.ForString(DemoNames.Titles[user.Title]);
        profile.Fields["employee_number"] = Value.ForNumber(user.Number);
        return new Resource
        {
            Id = IdOf(DemoIds.UserType, user.Id),
            DisplayName = user.DisplayName,
            Description = $"{DemoNames.Titles[user.Title]}, {DemoNames.Departments[user.Department]}",
            Profile = profile,
            Status = new Status { Status_ = user.Enabled ? Status.Types.ResourceStatus.Enabled : Status.Types.ResourceStatus.Disabled },
        };
    }

    private static Entitlement EntitlementOf(Resource resource, string slug, string displayName) => new()
    {
        Resource = resource,
        Id = DemoIds.Entitlement(resource.Id.ResourceType, resource.Id.Resource, slug),
        DisplayName = displayName,
        Slug = slug,
        Purpose = Entitlement.Types.PurposeValue.Assignment,
    };

    private static Grant GrantOf(string resourceType, string resource, string slug, string principalType, string principal)
    {
        string entitlementId = DemoIds.Entitlement(resourceType, resource, slug);
        return new Grant
        {
            Entitlement = new Entitlement { Id = entitlementId, Resource = new Resource { Id = IdOf(resourceType, resource) } },
            Principal = new Resource { Id = IdOf(principalType, principal) },
            Id = DemoIds.Grant(entitlementId, principalType, principal),
        };
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
