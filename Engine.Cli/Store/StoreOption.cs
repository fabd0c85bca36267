using System;
using System.CommandLine;
using System.IO;

namespace Engine.Cli.Store;

/// <summary>
/// The <c>--store</c> option: a store directory, a packed artifact or a v1 <c>.c1z</c>. When not given: the
/// environment variable <c>ENGINE_STORE</c>, else the default store folder (<see cref="DefaultPath"/>), which
/// <c>demo</c> fills, so that <c>engine demo</c> followed by <c>engine stats</c> works with no arguments.
/// </summary>
internal static class StoreOption
{
    public const string EnvironmentVariable = "ENGINE_STORE";

    /// <summary>The default store folder: <c>engine/store</c> under the user's local application data.</summary>
    public static string DefaultPath
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(root, "engine", "store");
        }
    }

    public static Option<string> Create(string description = "The store: a directory, a packed artifact or a v1 .c1z file (default: $ENGINE_STORE, else the default store folder).") =>
        new("--store", "-s")
        {
            Description = description,
            DefaultValueFactory = _ => DefaultPath,
        };
}
