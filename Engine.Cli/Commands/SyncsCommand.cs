using System.CommandLine;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary><c>engine syncs</c>: the store's sync runs in creation order, with their type, times and parent.</summary>
internal static class SyncsCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create();
        Command command = new("syncs", "List the store's sync runs in creation order.") { store };
        command.SetAction(parse => Run(new CommandContext(console, parse), parse.GetValue(store)!));
        return command;
    }

    private static int Run(CommandContext context, string storePath)
    {
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        Table table = new();
        table.AddColumns("id", "type", "started", "ended", "parent");
        string? token = null;
        do
        {
            Page<SyncRunInfo> page = handle.Store.ListSyncRuns(pageSize: 1000, token);
            foreach (SyncRunInfo run in page.Items)
            {
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json =>
                    {
                        json.WriteString("id", run.Id);
                        json.WriteString("type", run.Type);
                        JsonOutput.WriteInstant(json, "startedAt", run.StartedAt);
                        JsonOutput.WriteInstant(json, "endedAt", run.EndedAt);
                        json.WriteString("parentSyncId", run.ParentSyncId);
                    });
                }
                else
                {
                    table.AddRow(run.Id, run.Type, Show.Instant(run.StartedAt), Show.Instant(run.EndedAt), run.ParentSyncId.Length == 0 ? "-" : run.ParentSyncId);
                }
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        if (!context.Json)
        {
            context.Console.Ansi.Write(table);
        }

        return ExitCodes.Ok;
    }
}
