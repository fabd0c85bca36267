using System.CommandLine;
using System.Linq;
using C1.Connector.V2;
using Engine.Api.Sync.Requests;

namespace Engine.Cli.Commands.List;

/// <summary><c>engine list resource-types</c>.</summary>
internal static class ListResourceTypes
{
    public static Command Create(CliConsole console)
    {
        ListPaging paging = new();
        Command command = paging.NewCommand("resource-types", "List resource types.");
        command.SetAction(parse => paging.Run(
            new CommandContext(console, parse),
            (store, query) => store.ListResourceTypes(new ListResourceTypesRequest { SyncId = query.SyncId, PageSize = query.PageSize, PageToken = query.PageToken }),
            ["id", "display name", "traits"],
            (ResourceType type) => [type.Id, type.DisplayName, string.Join(",", type.Traits.Select(trait => trait.ToString()))]));
        return command;
    }
}
