using System.CommandLine;
using System.Linq;
using Engine.Api.Sync.Results;
using Engine.Cli.Demo;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Spectre.Console;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine diff BASE APPLIED</c>: a read-only comparison of two syncs of one store (<c>SyncStore.CompareSyncs</c>):
/// added, removed and changed records per kind, then the first changes.
/// </summary>
internal static class DiffCommand
{
    public const int DefaultLimit = 20;

    public static Command Create(CliConsole console)
    {
        Argument<string> baseSync = new("BASE") { Description = "The old sync's id." };
        Argument<string> appliedSync = new("APPLIED") { Description = "The new sync's id." };
        Option<string> store = StoreOption.Create();
        Option<int> limit = new("--limit")
        {
            Description = $"How many changes to list after the counts (default {DefaultLimit}; 0 for none).",
            DefaultValueFactory = _ => DefaultLimit,
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--limit must not be negative");
            }
        });
        Command command = new("diff", "Compare two syncs of a store without changing it: records added, removed and changed (blob or grant expansion differs) per kind, and the first changes.")
        {
            baseSync, appliedSync, store, limit,
        };
        command.SetAction(parse =>
        {
            CommandContext context = new(console, parse);
            return Run(context, parse.GetValue(store)!, context.Require(baseSync), context.Require(appliedSync), parse.GetValue(limit));
        });
        return command;
    }

    private static int Run(CommandContext context, string storePath, string baseSyncId, string appliedSyncId, int limit)
    {
        using StoreHandle handle = StoreOpener.Open(storePath, StoreAccess.Read);
        SyncComparison comparison = handle.Store.CompareSyncs(baseSyncId, appliedSyncId);
        if (context.Json)
        {
            JsonOutput.WriteObject(context.Console.Out, json => ComparisonOutput.WriteSummary(json, comparison));
            foreach (SyncChange change in comparison.Changes().Take(limit))
            {
                JsonOutput.WriteObject(context.Console.Out, json => ComparisonOutput.WriteChange(json, change));
            }

            return ExitCodes.Ok;
        }

        context.Console.Ansi.WriteLine($"{comparison.BaseSyncId} -> {comparison.AppliedSyncId}");
        context.Console.Ansi.Write(ComparisonOutput.CountsTable(comparison));
        if (limit > 0 && comparison.TotalChanges > 0)
        {
            long shown = System.Math.Min(limit, comparison.TotalChanges);
            context.Console.Ansi.WriteLine($"First {Show.Count(shown)} of {Show.Count(comparison.TotalChanges)} changes");
            context.Console.Ansi.Write(ComparisonOutput.ChangesTable(comparison.Changes().Take(limit)));
        }

        return ExitCodes.Ok;
    }
}
