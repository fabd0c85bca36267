using Engine.Api.Sync.Store;

namespace Engine.Tests.Api.Sync.Store;

/// <summary>The fresh-sync id filter: never a false "absent", few false "maybe", bounded memory.</summary>
public sealed class FreshKeysTests
{
    [Fact]
    public void AddedIds_AreAlwaysReported_AcrossGrownFilters()
    {
        FreshKeys keys = new();
        const int Count = 300_000;
        for (int i = 0; i < Count; i++)
        {
            Assert.True(keys.TryAdd($"grant-{i:D8}"));
        }

        for (int i = 0; i < Count; i++)
        {
            Assert.True(keys.MayContain($"grant-{i:D8}"));
        }
    }

    [Fact]
    public void AbsentIds_AreMostlyReportedAbsent()
    {
        FreshKeys keys = new();
        for (int i = 0; i < 200_000; i++)
        {
            keys.TryAdd($"grant-{i:D8}");
        }

        int maybe = 0;
        for (int i = 0; i < 100_000; i++)
        {
            maybe += keys.MayContain($"other-{i:D8}") ? 1 : 0;
        }

        // Near 1% per filter; the chain of three filters stays well under 5%.
        Assert.InRange(maybe, 0, 5_000);
    }

    [Fact]
    public void EmptySet_ReportsEverythingAbsent()
    {
        Assert.False(new FreshKeys().MayContain("x"));
    }

    [Fact]
    public void FullSet_RefusesToAdd()
    {
        FreshKeys keys = new();
        int added = 0;
        while (keys.TryAdd(added.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            added++;
            Assert.True(added < 100_000_000, "the set never filled up");
        }

        Assert.InRange((long)added * 12 / 8, FreshKeys.MaxBytes / 4, FreshKeys.MaxBytes);
        Assert.True(keys.MayContain("0"));
    }
}
