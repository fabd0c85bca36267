using System.CommandLine;
using C1.Connector.V2;
using Engine.Api.Sync.Requests;

namespace Engine.Cli.Commands.List;

/// <summary><c>engine list entitlements [--resource TYPE/ID]</c>.</summary>
internal static class ListEntitlements
{
    public static Command Create(CliConsole console)
    {
        ListPaging paging = new();
        Option<string?> resource = new("--resource") { Description = "Only this resource's entitlements, as TYPE/ID." };
        Command command = paging.NewCommand("entitlements", "List entitlements, optionally of one resource.");
        command.Options.Add(resource);
        command.SetAction(parse =>
        {
            string? resourceText = parse.GetValue(resource);
            ListEntitlementsRequest request = new()
            {
                Resource = resourceText is null ? null : new Resource { Id = CommonOptions.ParseResourceId(resourceText, "--resource") },
            };
            return paging.Run(
                new CommandContext(console, parse),
                (store, query) => store.ListEntitlements(request with { SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken }),
                ["id", "resource", "display name", "slug", "purpose"],
                (Entitlement entitlement) => [entitlement.Id, CommonOptions.Show(entitlement.Resource?.Id), entitlement.DisplayName, entitlement.Slug, entitlement.Purpose.ToString()]);
        });
        return command;
    }
}
