namespace Engine.Cli;

/// <summary>The process entry point of the <c>engine</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args) => CliApp.Run(args, CliConsole.FromSystem());
}
