using System.CommandLine;

namespace Engine.Cli;

/// <summary>The command-line entry point: one verb per engine component.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        RootCommand root = new("Engine: a pure-managed embedded storage engine for sync tools (LSM key-value store and typed entity layer).");
        return root.Parse(args).Invoke();
    }
}
