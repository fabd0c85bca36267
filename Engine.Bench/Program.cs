namespace Engine.Bench;

/// <summary>The benchmark entry point: micro-benchmarks and the KV workload driver.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("Engine.Bench: no benchmarks yet.");
        return args.Length == 0 ? 0 : 2;
    }
}
