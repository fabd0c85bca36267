namespace Engine.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process's managed heap run alone: with other tests running in parallel the heap holds their
/// objects too, and a bound on it would measure them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemory
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process memory";
}
