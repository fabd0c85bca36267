using System;
using System.IO;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// Where a command writes: plain text and JSON to <see cref="Out"/>, tables to <see cref="Ansi"/> (over the same
/// stream), one-line errors to <see cref="Error"/>, progress bars to stderr and only when stderr is a terminal.
/// Tests build one over string writers (<see cref="ForWriters"/>): no colours, no progress, a fixed width.
/// </summary>
internal sealed class CliConsole
{
    // Redirected output gets wide tables: ids are long, and a script or a test should not see them wrapped.
    private const int RedirectedWidth = 240;

    private readonly Func<Stream>? _openBinaryOut;

    private CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, IAnsiConsole? progress, Func<Stream>? openBinaryOut)
    {
        _openBinaryOut = openBinaryOut;
        Out = output;
        Error = error;
        Ansi = ansi;
        ProgressConsole = progress;
    }

    /// <summary>Standard output: results (text, tables, JSON).</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: the one-line error message, warnings.</summary>
    public TextWriter Error { get; }

    /// <summary>Spectre's console over <see cref="Out"/>, for tables and styled text.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>The console progress bars draw on (stderr), or null when they must not: stderr is not a terminal.</summary>
    public IAnsiConsole? ProgressConsole { get; }

    /// <summary>
    /// Standard output as bytes, for a command that writes raw data (<c>blob get</c>); flushes <see cref="Out"/> first.
    /// The caller flushes the stream and does not dispose it (it is the process's, or the embedder's). A console over writers without a byte stream refuses (exit 2: name a file).
    /// </summary>
    public Stream OpenBinaryOut()
    {
        if (_openBinaryOut is null)
        {
            throw new CliException(ExitCodes.Usage, "this console writes text only: name an output file");
        }

        Out.Flush();
        return _openBinaryOut();
    }

    /// <summary>The process's own streams; progress bars only when stderr is a terminal.</summary>
    public static CliConsole FromSystem()
    {
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            ansi.Profile.Width = RedirectedWidth;
        }

        // Spectre judges interactivity by stdout and stdin; the bars draw on stderr, which is known to be a terminal here.
        IAnsiConsole? progress = Console.IsErrorRedirected
            ? null
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return new CliConsole(Console.Out, Console.Error, ansi, progress, Console.OpenStandardOutput);
    }

    /// <summary>A console over two writers: plain text, no progress bars (tests, embedding); raw bytes go to <paramref name="binaryOutput"/>, when given.</summary>
    public static CliConsole ForWriters(TextWriter output, TextWriter error, Stream? binaryOutput = null)
    {
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        ansi.Profile.Width = RedirectedWidth;
        return new CliConsole(output, error, ansi, progress: null, binaryOutput is null ? null : () => binaryOutput);
    }
}
