using Engine.Fuzz.Driver;

namespace Engine.Fuzz;

/// <summary>
/// The fuzzing driver: runs a target over inputs mutated from its corpus, replays one input, or writes the seed
/// corpus. See <see cref="FuzzCommandLine"/> for the arguments and docs/testing.md for how findings are handled.
/// </summary>
/// <remarks>Runs once per process; not meant to be called concurrently.</remarks>
internal static class Program
{
    public static int Main(string[] args)
    {
        FuzzCommandLine? command = FuzzCommandLine.Parse(args, out string? error);
        if (command is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(FuzzCommandLine.Usage);
            return FuzzCommand.BadArguments;
        }

        return FuzzCommand.Execute(command, Console.Out);
    }
}
