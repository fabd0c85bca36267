namespace Engine.Cli.Demo;

/// <summary>What one round of <see cref="DemoOrganization.Churn"/> did, counted by kind of event.</summary>
internal sealed class DemoChurn
{
    public int Left { get; set; }

    public int Joined { get; set; }

    public int Moves { get; set; }

    public int RoleChanges { get; set; }

    public int AccessChanges { get; set; }

    public int ProfileChanges { get; set; }

    public int StatusChanges { get; set; }
}
