using Engine.Lsm.Compaction;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

[Trait("Category", "Unit")]
public sealed class DeeperLevelsTests
{
    [Fact]
    public void MayContain_AscendingKeys_FindsTablesInEveryDeeperLevel()
    {
        var version = VersionOf((3, File(1, "a", "z")), (5, File(2, "c", "e")), (6, File(3, "m", "p")));
        DeeperLevels deeper = new(version, 4);

        Assert.False(deeper.MayContain("b"u8));
        Assert.True(deeper.MayContain("d"u8));
        Assert.False(deeper.MayContain("f"u8));
        Assert.True(deeper.MayContain("n"u8));
        Assert.False(deeper.MayContain("q"u8));
    }

    [Fact]
    public void MayContain_TableEndingInSentinel_ExcludesItsEndKey()
    {
        DeeperLevels deeper = new(VersionOf((6, FileEndingInSentinel(1, "a", "k"))), 5);
        Assert.True(deeper.MayContain("j"u8));
        Assert.False(deeper.MayContain("k"u8));
    }

    [Fact]
    public void MayOverlap_RangeBetweenTables_IsFalse()
    {
        DeeperLevels deeper = new(VersionOf((6, File(1, "a", "c")), (6, File(2, "m", "p"))), 5);
        Assert.False(deeper.MayOverlap("d"u8.ToArray(), "m"u8.ToArray()));
        Assert.True(deeper.MayOverlap("d"u8.ToArray(), "ma"u8.ToArray()));
        Assert.False(new DeeperLevels(VersionOf((6, File(1, "a", "c"))), 6).MayOverlap("a"u8.ToArray(), "z"u8.ToArray()));
    }
}
