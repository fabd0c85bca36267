using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Engine.Bench.Kv;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine bench [args...]</c>: the key-value benchmark driver of Engine.Bench (its <c>kv</c> verb), run in-process
/// with every argument after <c>bench</c> passed through; it prints one JSON line per workload, in the peers rig's
/// format. It stands in for the sync benchmark until that exists.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new(
            "bench",
            "Run the key-value benchmark driver (Engine.Bench kv) in-process until the sync benchmark exists: every argument after 'bench' is passed through, "
            + $"e.g. '{CliApp.Name} bench DIR --n 100000' (DIR must be new or empty); '{CliApp.Name} bench -- --help' lists the driver's flags. "
            + "Prints one JSON line per workload, in the peers rig's format.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parse => Run(console, [.. parse.UnmatchedTokens]));
        return command;
    }

    private static int Run(CliConsole console, string[] args)
    {
        // The driver's messages are held back so that a failure is one line (its usage text follows its error) and
        // its warnings still reach stderr when it succeeds.
        using StringWriter messages = new();
        int exitCode = KvCommand.Run(args, console.Out, messages);
        string[] lines = messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode == 0)
        {
            foreach (string line in lines)
            {
                console.Error.WriteLine(line);
            }

            return ExitCodes.Ok;
        }

        string reason = lines.LastOrDefault(line => line.StartsWith("kv: ", StringComparison.Ordinal)) ?? "the benchmark failed";
        throw new CliException(ExitCodes.Usage, $"bench: {reason["kv: ".Length..]} (try '{CliApp.Name} bench -- --help')");
    }
}
