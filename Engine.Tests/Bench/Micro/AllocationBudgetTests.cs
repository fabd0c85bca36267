using Engine.Bench.Micro;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Bench.Micro;

/// <summary>The allocation budget file and its check: over budget, missing entries and unmeasured runs fail.</summary>
[Trait("Category", "Unit")]
public sealed class AllocationBudgetTests
{
    [Fact]
    public void Check_PassesWithinBudget_FailsOverItOrWithoutAnEntry()
    {
        using TempDirectory dir = new("budget");
        string path = Path.Combine(dir.Path, "budget.json");
        File.WriteAllText(path, """{ "A.Zero": 0, "B.Some": 64 }""");
        AllocationBudget budget = AllocationBudget.Load(path);

        Assert.Null(budget.Check("A.Zero", 0));
        Assert.Null(budget.Check("B.Some", 64));
        Assert.Contains("budget 0", budget.Check("A.Zero", 8), StringComparison.Ordinal);
        Assert.Contains("budget 64", budget.Check("B.Some", 65), StringComparison.Ordinal);
        Assert.Equal("no budget entry", budget.Check("C.New", 0));
        Assert.Equal("allocation not measured", budget.Check("A.Zero", null));
    }

    [Fact]
    public void Load_RejectsNegativeBudgets()
    {
        using TempDirectory dir = new("budget");
        string path = Path.Combine(dir.Path, "budget.json");
        File.WriteAllText(path, """{ "A.Zero": -1 }""");
        Assert.Throws<InvalidDataException>(() => AllocationBudget.Load(path));
    }

    [Fact]
    public void CheckedInBudget_NamesEveryBenchmark()
    {
        AllocationBudget budget = AllocationBudget.Load(Path.Combine(AppContext.BaseDirectory, "alloc-budget.json"));
        foreach (string name in MicroCommand.BenchmarkNames())
        {
            Assert.NotNull(budget.Limit(name));
        }
    }
}
