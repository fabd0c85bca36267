using Engine.Cli;

namespace Engine.Tests.Cli;

/// <summary>What one in-process run of the command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The output's non-empty lines (JSON lines for listings with --json).</summary>
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the <c>engine</c> command line in-process, as <c>Program.Main</c> does, over string writers.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int exitCode = CliApp.Run(args, CliConsole.ForWriters(output, error));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A run whose raw byte output (<c>blob get</c> to stdout) lands in <paramref name="binaryOutput"/>.</summary>
    public static CliResult RunWithBinaryOutput(Stream binaryOutput, params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int exitCode = CliApp.Run(args, CliConsole.ForWriters(output, error, binaryOutput));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
