using Engine.Api.Events;
using Engine.Lsm.Compaction;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

[Trait("Category", "Unit")]
public sealed class CompactionPickerTests
{
    private static readonly LsmOptions s_options = new() { LevelBaseMaxBytes = 1000, LevelSizeMultiplier = 10, L0CompactionTrigger = 2, TargetFileSizeBytes = 4096 };

    [Fact]
    public void PickAutomatic_NothingOverTarget_PicksNothing()
    {
        TreeVersion version = VersionOf((0, File(1, "a", "b")), (6, File(2, "a", "z", 500)));
        Assert.Null(CompactionPicker.PickAutomatic(version, s_options, []));
    }

    [Fact]
    public void PickAutomatic_L0AtTrigger_TakesEveryL0TableAndTheOverlappingBaseTables()
    {
        TreeVersion version = VersionOf(
            (0, File(1, "c", "f", 100, sequence: 10)),
            (0, File(2, "e", "h", 100, sequence: 11)),
            (6, File(3, "a", "b", 100)),
            (6, File(4, "d", "g", 100)),
            (6, File(5, "x", "z", 100)));

        CompactionJob job = CompactionPicker.PickAutomatic(version, s_options, [])!;

        Assert.Equal(0, job.StartLevel);
        Assert.Equal(6, job.OutputLevel);
        Assert.Equal([1UL, 2UL], job.StartInputs.Select(f => f.Number).Order());
        Assert.Equal([4UL], job.OutputInputs.Select(f => f.Number));
        Assert.False(job.IsTrivialMove);
    }

    [Fact]
    public void PickAutomatic_OneL0TableWithNothingBelow_IsATrivialMove()
    {
        LsmOptions options = s_options with { L0CompactionTrigger = 1 };
        TreeVersion version = VersionOf((0, File(1, "c", "f")), (6, File(3, "x", "z", 500)));

        CompactionJob job = CompactionPicker.PickAutomatic(version, options, [])!;

        Assert.True(job.IsTrivialMove);
    }

    [Fact]
    public void PickAutomatic_LevelOverTarget_TakesTheTableWithTheSmallestOverlapRatio()
    {
        // L5 is the base level and over its target; table 11 overlaps 5000 bytes below, table 12 only 100.
        TreeVersion version = VersionOf(
            (5, File(11, "a", "c", 2000)),
            (5, File(12, "m", "o", 2000)),
            (6, File(21, "a", "c", 5000)),
            (6, File(22, "n", "n", 100)),
            (6, File(23, "x", "z", 1000)));
        LevelTargets targets = LevelTargets.Compute(version, s_options);
        Assert.Equal(5, targets.BaseLevel);

        CompactionJob job = CompactionPicker.PickAutomatic(version, s_options, [])!;

        Assert.Equal(5, job.StartLevel);
        Assert.Equal([12UL], job.StartInputs.Select(f => f.Number));
        Assert.Equal([22UL], job.OutputInputs.Select(f => f.Number));
    }

    [Fact]
    public void PickAutomatic_RunningJobHoldsTheTables_PicksAroundIt()
    {
        TreeVersion version = VersionOf(
            (5, File(11, "a", "c", 2000)),
            (5, File(12, "m", "o", 2000)),
            (6, File(21, "a", "c", 5000)),
            (6, File(22, "n", "n", 100)));
        CompactionJob first = CompactionPicker.PickAutomatic(version, s_options, [])!;

        CompactionJob? second = CompactionPicker.PickAutomatic(version, s_options, [first]);

        Assert.NotNull(second);
        Assert.Empty(first.StartInputs.Select(f => f.Number).Intersect(second.StartInputs.Select(f => f.Number)));
        Assert.False(first.Range.Overlaps(second.Range));
    }

    [Fact]
    public void PickAutomatic_L0JobRunning_PicksNoSecondL0Job()
    {
        TreeVersion version = VersionOf((0, File(1, "a", "b", sequence: 5)), (0, File(2, "c", "d", sequence: 6)), (6, File(3, "x", "z", 500)));
        CompactionJob running = CompactionPicker.PickAutomatic(version, s_options, [])!;
        TreeVersion later = VersionOf(
            (0, File(1, "a", "b", sequence: 5)),
            (0, File(2, "c", "d", sequence: 6)),
            (0, File(7, "m", "n", sequence: 8)),
            (0, File(8, "m", "n", sequence: 9)),
            (6, File(3, "x", "z", 500)));

        Assert.Null(CompactionPicker.PickAutomatic(later, s_options, [running]));
    }

    [Fact]
    public void PickManual_L0Range_TakesOverlappingTablesTransitively()
    {
        // The range touches table 1 only, but table 2 overlaps table 1 and table 3 overlaps table 2.
        TreeVersion version = VersionOf(
            (0, File(1, "a", "c", sequence: 1)),
            (0, File(2, "b", "f", sequence: 2)),
            (0, File(3, "e", "g", sequence: 3)),
            (0, File(4, "x", "z", sequence: 4)));

        CompactionJob job = CompactionPicker.PickManual(version, s_options, 0, new KeyRange("a"u8.ToArray(), "a"u8.ToArray(), false))!;

        Assert.Equal([1UL, 2UL, 3UL], job.StartInputs.Select(f => f.Number).Order());
        Assert.Equal(CompactionReason.Manual, job.Reason);
        Assert.False(job.IsTrivialMove);
    }

    [Fact]
    public void Build_GrandparentsAreTheOverlappingTablesTwoLevelsDown()
    {
        TreeVersion version = VersionOf(
            (4, File(11, "c", "f", 2000)),
            (5, File(21, "a", "d", 100)),
            (6, File(31, "a", "b", 9000)),
            (6, File(32, "e", "g", 9000)),
            (6, File(33, "x", "z", 900_000)));

        CompactionJob job = CompactionPicker.PickManual(version, s_options, 4, KeyRange.All)!;

        Assert.Equal(5, job.OutputLevel);
        Assert.Equal([21UL], job.OutputInputs.Select(f => f.Number));
        Assert.Equal([31UL, 32UL], job.Grandparents.Select(f => f.Number));
    }

    [Fact]
    public void Scores_BusyTablesDoNotCount()
    {
        TreeVersion version = VersionOf((0, File(1, "a", "b", sequence: 1)), (0, File(2, "c", "d", sequence: 2)));
        LevelTargets targets = LevelTargets.Compute(version, s_options);
        CompactionJob running = CompactionPicker.PickAutomatic(version, s_options, [])!;

        Assert.Equal(1.0, CompactionPicker.Scores(version, targets, s_options, [])[0]);
        Assert.Equal(0.0, CompactionPicker.Scores(version, targets, s_options, [running])[0]);
    }

    [Fact]
    public void Collides_JobSharingATableWithARunningOne_Collides()
    {
        TreeVersion version = VersionOf(
            (5, File(11, "a", "c", 2000)),
            (5, File(12, "m", "o", 2000)),
            (6, File(21, "a", "c", 5000)),
            (6, File(22, "n", "n", 100)));
        CompactionJob first = CompactionPicker.PickAutomatic(version, s_options, [])!;
        CompactionJob second = CompactionPicker.PickAutomatic(version, s_options, [first])!;

        Assert.True(CompactionPicker.Collides(first, [first]));
        Assert.False(CompactionPicker.Collides(second, [first]));
        Assert.False(CompactionPicker.Collides(first, []));
    }

    [Fact]
    public void Collides_SecondL0Job_Collides()
    {
        TreeVersion version = VersionOf((0, File(1, "a", "b", sequence: 5)), (0, File(2, "c", "d", sequence: 6)), (6, File(3, "x", "z", 500)));
        CompactionJob running = CompactionPicker.PickAutomatic(version, s_options, [])!;
        TreeVersion later = VersionOf((0, File(7, "m", "n", sequence: 8)), (0, File(8, "m", "n", sequence: 9)), (6, File(3, "x", "z", 500)));
        CompactionJob other = CompactionPicker.PickAutomatic(later, s_options, [])!;

        Assert.Equal(0, other.StartLevel);
        Assert.True(CompactionPicker.Collides(other, [running]));
    }

    [Fact]
    public void PickAutomatic_ManyTablesPerLevel_PicksTheSmallestOverlapRatio()
    {
        // 2000 tables in L5, 20000 below: the merged walk must agree with the ratio computed the slow way.
        List<(int, FileMetadata)> files = [];
        for (int i = 0; i < 2000; i++)
        {
            files.Add((5, File((ulong)(100_000 + i), $"k{i:D5}0", $"k{i:D5}4", 2000)));
            for (int j = 0; j < 10; j++)
            {
                long size = i == 1234 ? 1 : 500 + j;
                files.Add((6, File((ulong)(200_000 + (i * 10) + j), $"k{i:D5}{j}", $"k{i:D5}{j}", size)));
            }
        }

        TreeVersion version = VersionOf([.. files]);

        CompactionJob job = CompactionPicker.PickAutomatic(version, s_options, [])!;

        Assert.Equal(5, job.StartLevel);
        Assert.Equal([101_234UL], job.StartInputs.Select(f => f.Number));
        Assert.Equal(5, job.OutputInputs.Count);
    }

    [Fact]
    public void InPlace_RewritesARunWithinItsOwnLevel()
    {
        List<FileMetadata> run = [File(1, "a", "c"), File(2, "d", "f")];
        CompactionJob job = CompactionPicker.InPlace(6, run);
        Assert.Equal(6, job.StartLevel);
        Assert.Equal(6, job.OutputLevel);
        Assert.Empty(job.OutputInputs);
        Assert.False(job.IsTrivialMove);
    }
}
