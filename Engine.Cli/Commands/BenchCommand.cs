using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Engine.Bench.Kv;
using Engine.Bench.Sync;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine bench [args...]</c>: the sync benchmark of Engine.Bench (its <c>sync</c> verb: the sync store against the
/// SQLite backend, JSON lines then a markdown table of medians and ratios), run in-process with every argument after
/// <c>bench</c> passed through; <c>engine bench kv [args...]</c> runs the key-value driver of the peers rig instead.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new(
            "bench",
            "Run the sync benchmark (Engine.Bench sync: the sync store against the SQLite backend) in-process: every argument after 'bench' is passed through, "
            + $"e.g. '{CliApp.Name} bench --n 1000,10000 --rounds 3'; '{CliApp.Name} bench -- --help' lists its flags. "
            + $"'{CliApp.Name} bench kv DIR --n 100000' runs the key-value driver of the peers rig instead (DIR must be new or empty).")
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
        bool kv = args.Length > 0 && args[0] == "kv";
        using StringWriter messages = new();
        int exitCode = kv ? KvCommand.Run(args[1..], console.Out, messages) : SyncCommand.Run(args, console.Out, messages);
        string[] lines = messages.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode == 0)
        {
            foreach (string line in lines)
            {
                console.Error.WriteLine(line);
            }

            return ExitCodes.Ok;
        }

        string prefix = kv ? "kv: " : "sync: ";
        string reason = lines.LastOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal)) is { } last ? last[prefix.Length..] : "the benchmark failed";
        string help = kv ? "bench kv -- --help" : "bench -- --help";
        throw new CliException(ExitCodes.Usage, $"bench: {reason} (try '{CliApp.Name} {help}')");
    }
}
