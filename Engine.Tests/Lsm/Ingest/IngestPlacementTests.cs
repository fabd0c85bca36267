using Engine.Api.Events;
using Engine.Lsm.Compaction;
using Engine.Lsm.Ingest;
using Engine.Lsm.Manifest;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Ingest;

[Trait("Category", "Unit")]
public sealed class IngestPlacementTests
{
    private static KeyRange Run(string smallest, string largest) =>
        new(System.Text.Encoding.ASCII.GetBytes(smallest), System.Text.Encoding.ASCII.GetBytes(largest), endExclusive: false);

    [Fact]
    public void TargetLevel_EmptyStore_IsTheBottomLevel()
    {
        Assert.Equal(TreeVersion.LevelCount - 1, IngestPlacement.TargetLevel(TreeVersion.Empty(null), [], Run("a", "z")));
    }

    [Fact]
    public void TargetLevel_NothingOverlaps_IsTheBottomLevel_EvenBesideData()
    {
        TreeVersion version = VersionOf((0, File(1, "a", "c", sequence: 9)), (3, File(2, "d", "f")), (6, File(3, "x", "z")));
        Assert.Equal(6, IngestPlacement.TargetLevel(version, [], Run("g", "w")));
    }

    [Fact]
    public void TargetLevel_AboveTheFirstOverlappingLevel()
    {
        TreeVersion version = VersionOf((4, File(2, "d", "f")), (6, File(3, "a", "z")));
        Assert.Equal(3, IngestPlacement.TargetLevel(version, [], Run("e", "g")));
        Assert.Equal(5, IngestPlacement.TargetLevel(version, [], Run("g", "h")));
    }

    [Fact]
    public void TargetLevel_L0Overlaps_IsL0()
    {
        TreeVersion version = VersionOf((0, File(1, "m", "p", sequence: 9)), (6, File(3, "x", "z")));
        Assert.Equal(0, IngestPlacement.TargetLevel(version, [], Run("a", "m")));
    }

    [Fact]
    public void TargetLevel_L1Overlaps_IsL0()
    {
        TreeVersion version = VersionOf((1, File(2, "m", "p")));
        Assert.Equal(0, IngestPlacement.TargetLevel(version, [], Run("n", "n")));
    }

    [Fact]
    public void TargetLevel_TouchingAnExclusiveEnd_DoesNotOverlap()
    {
        TreeVersion version = VersionOf((6, FileEndingInSentinel(3, "a", "m")));
        Assert.Equal(6, IngestPlacement.TargetLevel(version, [], Run("m", "p")));
    }

    [Fact]
    public void TargetLevel_ARunningCompactionIntoALevel_OccupiesItsRangeThere()
    {
        // L4 [c, e] merging with L5 [i, k]: the outputs may span [c, k] in L5, gap included, and are not in the version yet.
        FileMetadata upper = File(2, "c", "e");
        FileMetadata lower = File(3, "i", "k");
        TreeVersion version = VersionOf((4, upper), (5, lower));
        CompactionJob job = new(4, 5, [upper], [lower], [], Run("c", "k"), CompactionReason.LevelSize, 1, long.MaxValue);

        Assert.Equal(6, IngestPlacement.TargetLevel(version, [], Run("f", "h")));
        Assert.Equal(4, IngestPlacement.TargetLevel(version, [job], Run("f", "h")));
        Assert.Equal(6, IngestPlacement.TargetLevel(version, [job], Run("l", "m")));
    }
}
