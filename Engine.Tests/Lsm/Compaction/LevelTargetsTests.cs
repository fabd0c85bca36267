using Engine.Lsm.Compaction;
using Engine.Lsm.Options;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

[Trait("Category", "Unit")]
public sealed class LevelTargetsTests
{
    private static readonly LsmOptions s_options = new() { LevelBaseMaxBytes = 1000, LevelSizeMultiplier = 10 };

    [Fact]
    public void Compute_NothingBelowL0_CompactsStraightIntoTheLastLevel()
    {
        LevelTargets targets = LevelTargets.Compute(VersionOf((0, File(1, "a", "b", 5000))), s_options);
        Assert.Equal(6, targets.BaseLevel);
    }

    [Fact]
    public void Compute_SmallTree_KeepsTheBaseAtTheLastLevel()
    {
        LevelTargets targets = LevelTargets.Compute(VersionOf((6, File(1, "a", "b", 900))), s_options);
        Assert.Equal(6, targets.BaseLevel);
        Assert.Equal(long.MaxValue, targets.MaxBytes(5));
    }

    [Fact]
    public void Compute_LargeTree_MovesTheBaseUpAndGrowsTargetsGeometrically()
    {
        // 1,000,000 bytes in L6: each level up is ten times smaller; the base is the first at most 1000 bytes.
        LevelTargets targets = LevelTargets.Compute(VersionOf((6, File(1, "a", "b", 1_000_000))), s_options);
        Assert.Equal(3, targets.BaseLevel);
        Assert.Equal(1000, targets.MaxBytes(3));
        Assert.True(targets.MaxBytes(4) > targets.MaxBytes(3) * 5 && targets.MaxBytes(4) < targets.MaxBytes(3) * 15);
        Assert.True(targets.MaxBytes(5) > targets.MaxBytes(4) * 5);
        Assert.Equal(long.MaxValue, targets.MaxBytes(2));
    }

    [Fact]
    public void Compute_DataAlreadyHigherUp_NeverPutsTheBaseBelowIt()
    {
        // L4 holds data although the tree is small: L0 must still compact into L4 or above, never below it.
        LevelTargets targets = LevelTargets.Compute(VersionOf((4, File(1, "a", "b", 10)), (6, File(2, "c", "d", 100))), s_options);
        Assert.True(targets.BaseLevel <= 4);
    }

    [Fact]
    public void CompactionDebt_LevelsOverTarget_IsPositive_AndZeroWhenWithin()
    {
        var settled = VersionOf((6, File(1, "a", "b", 900)));
        Assert.Equal(0, LevelTargets.Compute(settled, s_options).CompactionDebt(settled, s_options));

        var behind = VersionOf((3, File(1, "a", "b", 50_000)), (4, File(2, "a", "b", 10_000)), (6, File(3, "a", "z", 1_000_000)));
        Assert.True(LevelTargets.Compute(behind, s_options).CompactionDebt(behind, s_options) > 49_000);
    }
}
