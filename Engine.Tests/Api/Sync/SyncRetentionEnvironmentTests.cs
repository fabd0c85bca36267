using Engine.Api.Sync;
using Engine.Api.Sync.Store;

namespace Engine.Tests.Api.Sync;

/// <summary>Tests that set process environment variables run alone, so no other test sees them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process environment";
}

/// <summary>Cleanup's environment variables (spec 1.14; checklist items 33 and 36).</summary>
[Trait("Category", "Unit")]
[Collection(ProcessEnvironment.Name)]
public sealed class SyncRetentionEnvironmentTests
{
    private readonly SyncStoreHarness _harness = new();

    [Fact]
    public void Item36_SkipCleanupVariable_MakesCleanupDoNothing()
    {
        using SyncStore store = _harness.Open();
        for (int i = 0; i < 4; i++)
        {
            store.Ended(_harness.Clock);
        }

        WithVariable(RetentionPolicy.SkipCleanupVariable, "true", store.Cleanup);
        Assert.Equal(4, store.ListSyncRuns(0, null).Items.Count);

        WithVariable(RetentionPolicy.SkipCleanupVariable, "no", store.Cleanup);
        Assert.Equal(2, store.ListSyncRuns(0, null).Items.Count);
    }

    [Fact]
    public void Item33_KeepSyncCountVariable_SetsTheLimit_WhenTheOptionDoesNot()
    {
        using SyncStore store = _harness.Open();
        for (int i = 0; i < 5; i++)
        {
            store.Ended(_harness.Clock);
        }

        WithVariable(RetentionPolicy.KeepSyncCountVariable, "4", store.Cleanup);

        Assert.Equal(4, store.ListSyncRuns(0, null).Items.Count);
    }

    private static void WithVariable(string name, string value, Action action)
    {
        string? previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, previous);
        }
    }
}
