using System.CommandLine;
using C1.Connector.V2;
using Engine.Api.Sync.Requests;

namespace Engine.Cli.Commands.List;

/// <summary><c>engine list resources [--type ID] [--parent TYPE/ID]</c>.</summary>
internal static class ListResources
{
    public static Command Create(CliConsole console)
    {
        ListPaging paging = new();
        Option<string?> type = new("--type") { Description = "Only resources of this resource type." };
        Option<string?> parent = new("--parent") { Description = "Only children of this resource, as TYPE/ID." };
        Command command = paging.NewCommand("resources", "List resources, optionally of one type or under one parent.");
        command.Options.Add(type);
        command.Options.Add(parent);
        command.SetAction(parse =>
        {
            string? parentText = parse.GetValue(parent);
            ListResourcesRequest request = new()
            {
                ResourceTypeId = parse.GetValue(type),
                ParentResourceId = parentText is null ? null : CommonOptions.ParseResourceId(parentText, "--parent"),
            };
            return paging.Run(
                new CommandContext(console, parse),
                (store, query) => store.ListResources(request with { SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken }),
                ["type", "id", "display name", "parent"],
                (Resource resource) => [resource.Id?.ResourceType ?? "", resource.Id?.Resource ?? "", resource.DisplayName, CommonOptions.Show(resource.ParentResourceId)]);
        });
        return command;
    }
}
