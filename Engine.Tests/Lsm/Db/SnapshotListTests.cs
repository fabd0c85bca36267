using Engine.Lsm.Db;

namespace Engine.Tests.Lsm.Db;

[Trait("Category", "Unit")]
public sealed class SnapshotListTests
{
    [Fact]
    public void Boundaries_NoSnapshot_IsTheVisibleSequence()
    {
        Assert.Equal([12UL], new SnapshotList().Boundaries(12));
    }

    [Fact]
    public void Boundaries_Snapshots_AscendingDistinctThenVisible()
    {
        SnapshotList list = new();
        using Snapshot first = list.Add(() => 5);
        using Snapshot same = list.Add(() => 5);
        using Snapshot later = list.Add(() => 9);

        Assert.Equal([5UL, 9UL, 12UL], list.Boundaries(12));
        Assert.Equal([5UL, 9UL], list.Boundaries(9));
    }

    [Fact]
    public void Boundaries_ReleasedSnapshot_IsLeftOut()
    {
        SnapshotList list = new();
        Snapshot first = list.Add(() => 5);
        using Snapshot later = list.Add(() => 9);
        first.Dispose();

        Assert.Equal([9UL, 12UL], list.Boundaries(12));
    }
}
