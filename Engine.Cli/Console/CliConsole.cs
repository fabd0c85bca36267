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

    private CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, IAnsiConsole? progress)
    {
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
        return new CliConsole(Console.Out, Console.Error, ansi, progress);
    }

    /// <summary>A console over two writers: plain text, no progress bars (tests, embedding).</summary>
    public static CliConsole ForWriters(TextWriter output, TextWriter error)
    {
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        ansi.Profile.Width = RedirectedWidth;
        return new CliConsole(output, error, ansi, progress: null);
    }
}
