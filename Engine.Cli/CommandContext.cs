using System.CommandLine;

namespace Engine.Cli;

/// <summary>What a command's action works with: the console, its parsed arguments and the global options.</summary>
internal sealed class CommandContext(CliConsole console, ParseResult parse)
{
    public CliConsole Console { get; } = console;

    public ParseResult Parse { get; } = parse;

    /// <summary>JSON output was asked for (<c>--json</c>).</summary>
    public bool Json => Parse.GetValue<bool>(GlobalOptions.JsonName);

    /// <summary>Progress bars are drawn: stderr is a terminal, and neither <c>--json</c> nor <c>--no-progress</c> was given.</summary>
    public bool ShowProgress => Console.ProgressConsole is not null && !Json && !Parse.GetValue<bool>(GlobalOptions.NoProgressName);

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>A required argument's value (the parser has checked it is there).</summary>
    public T Require<T>(Argument<T> argument) => Parse.GetValue(argument) ?? throw new CliException(ExitCodes.Usage, $"missing {argument.Name}");
}
