using System.CommandLine;
using Engine.Cli.Demo;
using Engine.Cli.Store;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine demo</c>: generates an organisation, runs full syncs of it with churn into a fresh store, and reports the
/// timings, the last sync's stats, the diff of the last two syncs, the cleanup and the store's size.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> store = StoreOption.Create(
            $"The directory to create the demo store in (default: $ENGINE_STORE, else the default store folder). It must be missing, empty, or a store an earlier demo made (it holds {DemoStoreFolder.MarkerName}): that one is deleted and recreated.");
        Option<int> users = new("--users")
        {
            Description = "How many users the organisation has; groups, roles and projects scale with it.",
            DefaultValueFactory = _ => DemoOrganization.DefaultUsers,
        };
        Option<int> seed = new("--seed")
        {
            Description = "The generator's seed: the same seed and size give the same records and churn.",
            DefaultValueFactory = _ => DemoOrganization.DefaultSeed,
        };
        Option<int> syncs = new("--syncs")
        {
            Description = "How many full syncs to run, with churn before each but the first.",
            DefaultValueFactory = _ => 3,
        };
        users.Validators.Add(result => RequireAtLeast(result, 1));
        syncs.Validators.Add(result => RequireAtLeast(result, 1));
        Command command = new("demo", "Generate an organisation and run full syncs of it with churn into a fresh store; print timings, stats, the diff of the last two syncs, cleanup results and the store size.")
        {
            store, users, seed, syncs,
        };
        command.SetAction(parse =>
        {
            CommandContext context = new(console, parse);
            DemoSettings settings = new(parse.GetValue(store)!, parse.GetValue(users), parse.GetValue(seed), parse.GetValue(syncs));
            DemoReport report = DemoRunner.Run(context, settings);
            if (context.Json)
            {
                DemoReportWriter.WriteJson(console, report);
            }
            else
            {
                DemoReportWriter.WriteText(console, report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void RequireAtLeast(System.CommandLine.Parsing.OptionResult result, int minimum)
    {
        if (result.GetValueOrDefault<int>() < minimum)
        {
            result.AddError($"{result.Option.Name} must be at least {minimum}");
        }
    }
}
