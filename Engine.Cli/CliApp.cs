using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Engine.Cli.Commands;
using Engine.Cli.Commands.Get;
using Engine.Cli.Commands.List;
using Engine.Cli.Commands.LocalFirst;

namespace Engine.Cli;

/// <summary>
/// Builds the command tree and runs one command line: parse errors and failures become one line on stderr and an exit
/// code (<see cref="ExitCodes"/>), never a stack trace unless <c>--verbose</c>. Tests call <see cref="Run"/> in-process.
/// </summary>
internal static class CliApp
{
    public const string Name = "engine";

    public static RootCommand BuildRoot(CliConsole console)
    {
        RootCommand root = new("Engine: an embedded storage engine for sync tools. Opens, inspects, converts and maintains sync stores and .c1z files; `demo` shows the main job.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(PackCommand.Create(console));
        root.Subcommands.Add(UnpackCommand.Create(console));
        root.Subcommands.Add(SyncsCommand.Create(console));
        root.Subcommands.Add(StatsCommand.Create(console));
        root.Subcommands.Add(ListCommand.Create(console));
        root.Subcommands.Add(GetCommand.Create(console));
        root.Subcommands.Add(DiffCommand.Create(console));
        root.Subcommands.Add(CleanupCommand.Create(console));
        root.Subcommands.Add(CompactCommand.Create(console));
        root.Subcommands.Add(VerifyCommand.Create(console));
        root.Subcommands.Add(MetricsCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        root.Subcommands.Add(KvCommand.Create(console));
        root.Subcommands.Add(DocCommand.Create(console));
        root.Subcommands.Add(BlobCommand.Create(console));
        root.Subcommands.Add(TsCommand.Create(console));
        return root;
    }

    public static int Run(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        RootCommand root = BuildRoot(console);
        ParseResult parse = root.Parse(args);
        InvocationConfiguration invocation = new() { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0 && !AsksForHelp(parse))
        {
            console.Error.WriteLine($"{Name}: {parse.Errors[0].Message.ReplaceLineEndings(" ")}");
            console.Error.WriteLine($"Try '{Name} {CommandPath(parse)}--help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(invocation);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            console.Error.WriteLine($"{Name}: {ErrorReport.LineOf(error)}");
            if (parse.GetValue<bool>(GlobalOptions.VerboseName))
            {
                console.Error.WriteLine(error.ToString());
            }

            return ErrorReport.ExitCodeOf(error);
        }
        finally
        {
            console.Out.Flush();
        }
    }

    private static bool AsksForHelp(ParseResult parse) => parse.Action is HelpAction;

    private static string CommandPath(ParseResult parse)
    {
        string path = "";
        for (CommandResult? command = parse.CommandResult; command?.Parent is CommandResult parent; command = parent)
        {
            path = command.Command.Name + " " + path;
        }

        return path;
    }
}
