using System;
using Spectre.Console;

namespace Engine.Cli.Demo;

/// <summary>
/// Progress bars for the demo's syncs on the progress console (stderr) when the command may draw them
/// (<see cref="CommandContext.ShowProgress"/>); otherwise the same work runs with no output and the tasks are null.
/// </summary>
internal sealed class DemoProgress
{
    private readonly ProgressContext? _context;

    private DemoProgress(ProgressContext? context)
    {
        _context = context;
    }

    /// <summary>Runs <paramref name="work"/> with bars when the context allows them, silently otherwise.</summary>
    public static T Run<T>(CommandContext context, Func<DemoProgress, T> work)
    {
        if (!context.ShowProgress || context.Console.ProgressConsole is not { } console)
        {
            return work(new DemoProgress(null));
        }

        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress => work(new DemoProgress(progress)));
    }

    /// <summary>A bar of <paramref name="total"/> steps, or null when no bars are drawn (advance it with <c>?.Increment</c>).</summary>
    public ProgressTask? Start(string description, long total) => _context?.AddTask(description, maxValue: Math.Max(1, total));
}
