using System.CommandLine;

namespace Engine.Cli.Commands.List;

/// <summary><c>engine list resource-types|resources|entitlements|grants</c>: one page of a sync's records, or all.</summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new("list", "List a sync's records, a page at a time (--all for every page).");
        command.Subcommands.Add(ListResourceTypes.Create(console));
        command.Subcommands.Add(ListResources.Create(console));
        command.Subcommands.Add(ListEntitlements.Create(console));
        command.Subcommands.Add(ListGrants.Create(console));
        return command;
    }
}
