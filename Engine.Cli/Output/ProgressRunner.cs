using System;
using Spectre.Console;

namespace Engine.Cli.Output;

/// <summary>
/// Runs a long operation under a progress display on stderr when <see cref="CommandContext.ShowProgress"/>, or silently
/// otherwise (output redirected, <c>--json</c>, <c>--no-progress</c>): the work is the same either way, so a script sees
/// exactly what a terminal user sees on stdout.
/// </summary>
/// <remarks>
/// The engine's long operations (import, export, pack, compaction, verify) report no fraction done, so the display is a
/// spinner with the elapsed time; the work may rename the line through the callback it gets (e.g. with a count).
/// Spectre's progress display is not thread-safe across displays: one at a time, which a command line is.
/// </remarks>
internal static class ProgressRunner
{
    /// <summary>Runs <paramref name="work"/>, shown as <paramref name="description"/>, and returns its result.</summary>
    public static T Run<T>(CommandContext context, string description, Func<Action<string>, T> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.ShowProgress || context.Console.ProgressConsole is not IAnsiConsole console)
        {
            return work(_ => { });
        }

        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn())
            .Start(progress =>
            {
                ProgressTask task = progress.AddTask(Markup.Escape(description));
                task.IsIndeterminate = true;
                try
                {
                    return work(text => task.Description = Markup.Escape(text));
                }
                finally
                {
                    task.StopTask();
                }
            });
    }

    /// <summary>Runs <paramref name="work"/>, shown as <paramref name="description"/>.</summary>
    public static T Run<T>(CommandContext context, string description, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(context, description, _ => work());
    }
}
