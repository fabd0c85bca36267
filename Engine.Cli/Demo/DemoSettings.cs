namespace Engine.Cli.Demo;

/// <summary>What the demo was asked to do.</summary>
/// <param name="StorePath">The directory the store goes into.</param>
/// <param name="Users">The organisation's size in users.</param>
/// <param name="Seed">The generator's seed.</param>
/// <param name="Syncs">How many full syncs to run (churn before each but the first).</param>
internal sealed record DemoSettings(string StorePath, int Users, int Seed, int Syncs)
{
    /// <summary>Records per Put call: big enough to amortise a batch, small enough to keep the bars moving.</summary>
    public const int BatchSize = 1000;

    /// <summary>Example rows of the diff the report shows.</summary>
    public const int DiffExamples = 10;
}
