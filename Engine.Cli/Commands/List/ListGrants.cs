using System.CommandLine;
using C1.Connector.V2;
using Engine.Api.Sync;
using Engine.Api.Sync.Requests;
using Engine.Api.Sync.Results;

namespace Engine.Cli.Commands.List;

/// <summary>
/// <c>engine list grants [--entitlement ID] [--principal TYPE/ID] [--resource-type ID] [--resource TYPE/ID]</c>: each
/// filter maps to the store's listing that serves it; --entitlement and --principal combine, the others stand alone.
/// </summary>
internal static class ListGrants
{
    public static Command Create(CliConsole console)
    {
        ListPaging paging = new();
        Option<string?> entitlement = new("--entitlement") { Description = "Only grants of this entitlement id." };
        Option<string?> principal = new("--principal") { Description = "Only grants to this principal, as TYPE/ID." };
        Option<string?> resourceType = new("--resource-type") { Description = "Only grants whose entitlement is on a resource of this type." };
        Option<string?> resource = new("--resource") { Description = "Only grants whose entitlement is on this resource, as TYPE/ID." };
        Command command = paging.NewCommand("grants", "List grants, optionally of one entitlement, principal, resource type or resource.");
        command.Options.Add(entitlement);
        command.Options.Add(principal);
        command.Options.Add(resourceType);
        command.Options.Add(resource);
        command.SetAction(parse =>
        {
            Filter filter = new(parse.GetValue(entitlement), parse.GetValue(principal), parse.GetValue(resourceType), parse.GetValue(resource));
            return paging.Run(
                new CommandContext(console, parse),
                (store, query) => Fetch(store, filter, query),
                ["id", "entitlement", "principal"],
                (Grant grant) => [grant.Id, grant.Entitlement?.Id ?? "", CommonOptions.Show(grant.Principal?.Id)]);
        });
        return command;
    }

    private static Page<Grant> Fetch(SyncStore store, Filter filter, PageQuery query)
    {
        if (filter.ResourceType is not null || filter.Resource is not null)
        {
            if (filter.Entitlement is not null || filter.Principal is not null || (filter.ResourceType is not null && filter.Resource is not null))
            {
                throw new CliException(ExitCodes.Usage, "--resource-type and --resource go alone: combine only --entitlement with --principal");
            }

            return filter.ResourceType is not null
                ? store.ListGrantsForResourceType(new ListGrantsForResourceTypeRequest { ResourceTypeId = filter.ResourceType, SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken })
                : store.ListGrants(new ListGrantsRequest { Resource = new Resource { Id = CommonOptions.ParseResourceId(filter.Resource!, "--resource") }, SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken });
        }

        Entitlement? byEntitlement = filter.Entitlement is null ? null : new Entitlement { Id = filter.Entitlement };
        if (filter.Principal is not null)
        {
            return store.ListGrantsForPrincipal(new ListGrantsForPrincipalRequest
            {
                PrincipalId = CommonOptions.ParseResourceId(filter.Principal, "--principal"),
                Entitlement = byEntitlement,
                SyncId = query.SyncId,
                PageSize = query.PageSize,
                PageToken = query.PageToken,
            });
        }

        return byEntitlement is not null
            ? store.ListGrantsForEntitlement(new ListGrantsForEntitlementRequest { Entitlement = byEntitlement, SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken })
            : store.ListGrants(new ListGrantsRequest { SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken });
    }

    private sealed record Filter(string? Entitlement, string? Principal, string? ResourceType, string? Resource);
}
