using System.CommandLine;

namespace Engine.Cli;

/// <summary>
/// The options every command takes, declared on the root and recursive. Each <see cref="CliApp"/> run builds its own
/// instances (a symbol belongs to one command tree); commands read them by name through <see cref="CommandContext"/>.
/// </summary>
internal static class GlobalOptions
{
    public const string JsonName = "--json";
    public const string VerboseName = "--verbose";
    public const string NoProgressName = "--no-progress";

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(new Option<bool>(JsonName) { Description = "Write JSON (one object, or one per line for listings) instead of tables.", Recursive = true });
        root.Options.Add(new Option<bool>(VerboseName) { Description = "On failure, print the full error with its stack trace.", Recursive = true });
        root.Options.Add(new Option<bool>(NoProgressName) { Description = "Never draw progress bars.", Recursive = true });
    }
}
