using Engine.Lsm.Compaction;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

[Trait("Category", "Unit")]
public sealed class KeyRangeTests
{
    [Fact]
    public void Overlaps_InclusiveEnds_TouchingRangesOverlap()
    {
        KeyRange a = new(B("a"), B("k"), false);
        KeyRange b = new(B("k"), B("z"), false);
        Assert.True(a.Overlaps(b));
        Assert.True(b.Overlaps(a));
    }

    [Fact]
    public void Overlaps_ExclusiveEnd_TouchingRangesDoNotOverlap()
    {
        KeyRange a = new(B("a"), B("k"), true);
        KeyRange b = new(B("k"), B("z"), false);
        Assert.False(a.Overlaps(b));
        Assert.False(b.Overlaps(a));
        Assert.False(a.Contains(B("k")));
        Assert.True(a.Contains(B("jzz")));
    }

    [Fact]
    public void Overlaps_UnboundedSides_CoverEverything()
    {
        Assert.True(KeyRange.All.Overlaps(new KeyRange(B("x"), B("y"), false)));
        Assert.True(new KeyRange(null, B("c"), false).Overlaps(File(1, "a", "b")));
        Assert.False(new KeyRange(null, B("c"), false).Overlaps(File(1, "d", "e")));
        Assert.True(new KeyRange(B("c"), null, false).Overlaps(File(1, "a", "c")));
        Assert.False(new KeyRange(B("c"), null, false).Overlaps(File(1, "a", "b")));
    }

    [Fact]
    public void OverlapsFile_TableEndingInSentinel_DoesNotReachItsEndKey()
    {
        Assert.False(new KeyRange(B("k"), B("m"), false).Overlaps(FileEndingInSentinel(1, "a", "k")));
        Assert.True(new KeyRange(B("j"), B("m"), false).Overlaps(FileEndingInSentinel(1, "a", "k")));
        Assert.False(KeyRange.Of(FileEndingInSentinel(1, "a", "k")).Overlaps(KeyRange.Of(File(2, "k", "p"))));
    }

    [Fact]
    public void Union_KeepsTheWidestBoundsAndTheirExclusivity()
    {
        KeyRange union = new KeyRange(B("c"), B("k"), true).Union(new KeyRange(B("a"), B("f"), false));
        Assert.Equal(B("a"), union.Start);
        Assert.Equal(B("k"), union.End);
        Assert.True(union.EndExclusive);

        KeyRange same = new KeyRange(B("c"), B("k"), true).Union(new KeyRange(B("d"), B("k"), false));
        Assert.False(same.EndExclusive);
        Assert.Null(KeyRange.All.Union(same).Start);
    }

    private static byte[] B(string text) => System.Text.Encoding.ASCII.GetBytes(text);
}
