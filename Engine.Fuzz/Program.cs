namespace Engine.Fuzz;

/// <summary>The fuzzing driver: runs a target over mutated inputs, or replays one input.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("Engine.Fuzz: no targets yet.");
        return args.Length == 0 ? 0 : 2;
    }
}
