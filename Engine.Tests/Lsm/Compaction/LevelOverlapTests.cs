using Engine.Lsm.Compaction;
using Engine.Lsm.Manifest;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

[Trait("Category", "Unit")]
public sealed class LevelOverlapTests(ITestOutputHelper output)
{
    /// <summary>A sorted level: b-d, f-h, j-l, then a table ending in a sentinel at p (exclusive), then p-r.</summary>
    private static readonly FileMetadata[] s_level =
    [
        File(1, "b", "d"),
        File(2, "f", "h"),
        File(3, "j", "l"),
        FileEndingInSentinel(4, "n", "p"),
        File(5, "p", "r"),
    ];

    public static TheoryData<string?, string?, bool, ulong[]> RunCases => new()
    {
        { null, null, false, [1, 2, 3, 4, 5] },
        { "a", "a", false, [] },
        { "a", "b", false, [1] },
        { "a", "b", true, [] },
        { "d", "f", false, [1, 2] },
        { "d", "f", true, [1] },
        { "e", "e", false, [] },
        { "e", "i", false, [2] },
        { "c", "k", false, [1, 2, 3] },
        { "p", "p", false, [5] },
        { "o", "p", true, [4] },
        { "o", "p", false, [4, 5] },
        { "s", null, false, [] },
        { null, "c", false, [1] },
        { "k", null, false, [3, 4, 5] },
    };

    [Theory]
    [MemberData(nameof(RunCases))]
    public void Overlapping_SortedLevel_IsTheContiguousRunOfOverlappingTables(string? start, string? end, bool endExclusive, ulong[] expected)
    {
        KeyRange range = new(Bytes(start), Bytes(end), endExclusive);

        List<FileMetadata> found = LevelOverlap.Overlapping(s_level, range);

        Assert.Equal(expected, found.Select(f => f.Number));
        Assert.Equal(s_level.Where(range.Overlaps).Select(f => f.Number), found.Select(f => f.Number));
    }

    public static TheoryData<string[], string[], int[]> RunsCases => new()
    {
        // upper tables, lower tables (each "smallest-largest"), expected run starts and ends per upper table
        { ["a-c", "e-g", "x-z"], ["b-b", "c-e", "f-f", "h-w"], [0, 2, 1, 3, 4, 4] },
        { ["a-b"], [], [0, 0] },
        { [], ["a-b"], [] },
        { ["a-z"], ["b-c", "d-e", "f-g"], [0, 3] },
        { ["a-a", "b-b", "c-c"], ["a-c"], [0, 1, 0, 1, 0, 1] },
        { ["m-n"], ["a-b", "y-z"], [1, 1] },
    };

    [Theory]
    [MemberData(nameof(RunsCases))]
    public void Runs_TwoSortedLevels_GivesEachUpperTableItsOverlapRun(string[] upper, string[] lower, int[] expected)
    {
        FileMetadata[] upperFiles = Files(upper, 100);
        FileMetadata[] lowerFiles = Files(lower, 200);

        (int Start, int End)[] runs = LevelOverlap.Runs(upperFiles, lowerFiles);

        Assert.Equal(expected, runs.SelectMany(r => new[] { r.Start, r.End }));
    }

    [Fact]
    public void Runs_RandomSortedLevels_MatchesTheQuadraticScan()
    {
        TestSeed.Run(output, nameof(Runs_RandomSortedLevels_MatchesTheQuadraticScan), 50, seed =>
        {
            Random random = new(seed);
            FileMetadata[] upper = RandomLevel(random, 100);
            FileMetadata[] lower = RandomLevel(random, 1000);

            (int Start, int End)[] runs = LevelOverlap.Runs(upper, lower);

            for (int i = 0; i < upper.Length; i++)
            {
                KeyRange range = KeyRange.Of(upper[i]);
                ulong[] expected = [.. lower.Where(range.Overlaps).Select(f => f.Number)];
                ulong[] actual = [.. lower[runs[i].Start..runs[i].End].Select(f => f.Number)];
                Assert.Equal(expected, actual);
                Assert.Equal(expected, LevelOverlap.Overlapping(lower, range).Select(f => f.Number));
            }
        });
    }

    /// <summary>Non-overlapping tables over two-letter keys, in order, with gaps of random width.</summary>
    private static FileMetadata[] RandomLevel(Random random, ulong firstNumber)
    {
        List<FileMetadata> files = [];
        int position = random.Next(0, 20);
        while (position < 26 * 26)
        {
            int width = random.Next(0, 40);
            int end = Math.Min(position + width, (26 * 26) - 1);
            files.Add(File(firstNumber + (ulong)files.Count, Key(position), Key(end)));
            position = end + 1 + random.Next(0, 30);
        }

        return [.. files];
    }

    private static string Key(int i) => new([(char)('a' + (i / 26)), (char)('a' + (i % 26))]);

    private static FileMetadata[] Files(string[] spans, ulong firstNumber) =>
        [.. spans.Select((span, i) => File(firstNumber + (ulong)i, span.Split('-')[0], span.Split('-')[1]))];

    private static byte[]? Bytes(string? key) => key is null ? null : System.Text.Encoding.ASCII.GetBytes(key);
}
