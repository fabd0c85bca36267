using System.Text;
using Engine.Lsm.Compaction;
using Engine.Lsm.Iterators;
using Engine.Lsm.Keys;
using Engine.Lsm.Sst;
using Engine.Tests.Infrastructure;
using static Engine.Tests.Lsm.Compaction.CompactionTestFiles;

namespace Engine.Tests.Lsm.Compaction;

/// <summary>
/// Table-driven cases for the compaction drop rules. Entries are written <c>key.KIND.seq[:value]</c> (KIND is SET or
/// DEL), range tombstones <c>start-end#seq</c>, boundaries are the snapshot stripe bounds (the last one the visible
/// sequence number), and deeper ranges <c>lo-hi</c> are tables in the level below the output (none: bottommost).
/// </summary>
[Trait("Category", "Unit")]
public sealed class CompactionIteratorTests
{
    private const int OutputLevel = 5;

    [Theory]
    // Snapshot stripes: within a stripe only the newest version survives.
    [InlineData("a.SET.3:new a.SET.2:old a.SET.1:oldest", "", "10", "", "a.SET.3:new", "")]
    [InlineData("a.SET.5:e a.SET.4:d a.SET.3:c a.SET.2:b a.SET.1:a", "", "2 4 10", "", "a.SET.5:e a.SET.4:d a.SET.2:b", "")]
    [InlineData("a.SET.4:d a.SET.3:c b.SET.2:b b.SET.1:a", "", "3 10", "", "a.SET.4:d a.SET.3:c b.SET.2:b", "")]
    // Entries above the last boundary are not visible yet: all kept.
    [InlineData("a.SET.5:e a.SET.4:d a.SET.3:c a.SET.2:b", "", "3", "", "a.SET.5:e a.SET.4:d a.SET.3:c", "")]
    // Point tombstones: dropped in the oldest stripe when nothing lies below, with what they shadow.
    [InlineData("a.DEL.3 a.SET.2:v b.SET.1:w", "", "10", "", "b.SET.1:w", "")]
    [InlineData("a.DEL.3 a.SET.2:v b.SET.1:w", "", "10", "a-c", "a.DEL.3 b.SET.1:w", "")]
    [InlineData("a.DEL.3 n.DEL.2", "", "10", "m-p", "n.DEL.2", "")]
    [InlineData("a.DEL.3 a.SET.2:v a.SET.1:u", "", "2 10", "", "a.DEL.3 a.SET.2:v", "")]
    [InlineData("a.SET.5:x a.DEL.3 a.SET.2:v", "", "4 10", "", "a.SET.5:x", "")]
    [InlineData("a.DEL.5 a.SET.2:v", "", "4", "", "a.DEL.5 a.SET.2:v", "")]
    // Range tombstones: cover older points in their stripe; kept while a snapshot or a deeper level needs them.
    [InlineData("a.SET.1:a b.SET.4:b c.SET.6:c d.SET.2:d", "b-d#5", "10", "a-z", "a.SET.1:a c.SET.6:c d.SET.2:d", "b-d#5")]
    [InlineData("a.SET.1:a b.SET.4:b c.SET.6:c d.SET.2:d", "b-d#5", "10", "", "a.SET.1:a c.SET.6:c d.SET.2:d", "")]
    [InlineData("b.SET.4:b c.SET.3:c", "b-d#5", "4 10", "", "b.SET.4:b c.SET.3:c", "b-d#5")]
    [InlineData("b.SET.4:b", "b-d#12", "10", "", "b.SET.4:b", "b-d#12")]
    [InlineData("b.SET.4:b e.SET.1:e", "b-d#5 d-f#3", "10", "x-z", "", "")]
    [InlineData("b.SET.4:b e.SET.1:e", "b-d#5 d-f#3", "10", "e-e", "", "d-f#3")]
    [InlineData("b.SET.2:b b.SET.1:a", "a-c#3", "1 10", "", "b.SET.1:a", "a-c#3")]
    public void Entries_Case_KeepsWhatSomeReaderCanSee(string input, string tombstones, string boundaries, string deeper, string expected, string expectedTombstones)
    {
        using CompactionIterator entries = new(
            new ArrayInternalIterator(ParseEntries(input)),
            ParseTombstones(tombstones),
            ParseBoundaries(boundaries),
            Deeper(deeper));

        Assert.Equal(expected, Format(entries));
        Assert.Equal(expectedTombstones, string.Join(' ', entries.KeptTombstones.Select(FormatTombstone)));
    }

    [Theory]
    // The filter removes values that start with 'x'. No snapshot: a removed value with nothing below drops whole.
    [InlineData("a.SET.3:x a.SET.2:old b.SET.1:keep", "10", 0, "", "b.SET.1:keep")]
    // Something below may hold the key: the removed value becomes a tombstone, so no older version shows through.
    [InlineData("a.SET.3:x a.SET.2:old b.SET.1:keep", "10", 0, "a-c", "a.DEL.3 b.SET.1:keep")]
    // A snapshot at 2 sees a.SET.2: it stays, and the newer value, which it does not see, becomes a tombstone.
    [InlineData("a.SET.3:x a.SET.2:old", "2 10", 2, "", "a.DEL.3 a.SET.2:old")]
    // A snapshot at 3 sees the value itself: never offered.
    [InlineData("a.SET.3:x a.SET.2:old", "3 10", 3, "", "a.SET.3:x")]
    // Only the newest version is offered; an older one a snapshot sees stays whatever it holds.
    [InlineData("a.SET.3:keep a.SET.2:x", "2 10", 2, "", "a.SET.3:keep a.SET.2:x")]
    // Above the visible sequence number: not offered.
    [InlineData("a.SET.12:x", "10", 0, "", "a.SET.12:x")]
    // Tombstones are never offered; the one kept for the level below stays as it is.
    [InlineData("a.DEL.3 a.SET.2:x", "10", 0, "a-c", "a.DEL.3")]
    public void Entries_Filter_RemovesTheNewestValueNoSnapshotSees(string input, string boundaries, ulong floor, string deeper, string expected)
    {
        using CompactionIterator entries = new(new ArrayInternalIterator(ParseEntries(input)), [], ParseBoundaries(boundaries), Deeper(deeper))
        {
            Filter = new PrefixFilter((byte)'x'),
            FilterFloor = floor,
        };

        Assert.Equal(expected, Format(entries));
    }

    [Fact]
    public void Entries_SeveralInputs_MergesThemAndDropsAcrossInputs()
    {
        // The newer input shadows the older one's versions of the same key; a tombstone in one input hides the other's.
        MergingIterator merged = new([
            new ArrayInternalIterator(ParseEntries("a.SET.7:a7 c.DEL.6 e.SET.5:e5")),
            new ArrayInternalIterator(ParseEntries("a.SET.3:a3 b.SET.2:b2 c.SET.1:c1 e.SET.4:e4")),
        ]);
        using CompactionIterator entries = new(merged, [], [10], Deeper(""));

        Assert.Equal("a.SET.7:a7 b.SET.2:b2 e.SET.5:e5", Format(entries));
        Assert.Equal(4, entries.DroppedEntries);
    }

    [Fact]
    public void First_Cancelled_Throws()
    {
        using CancellationTokenSource cancel = new();
        cancel.Cancel();
        using CompactionIterator entries = new(new ArrayInternalIterator(ParseEntries("a.SET.1:a")), [], [10], Deeper(""), cancel.Token);

        Assert.Throws<OperationCanceledException>(entries.First);
    }

    [Fact]
    public void Next_CancelledDuringALongRunOfDroppedEntries_Throws()
    {
        // Every entry is a shadowed version, so one move would otherwise skip the whole input without returning.
        List<(byte[], byte[])> input = [(ArrayInternalIterator.MakeKey("a"u8.ToArray(), 5000, KeyKind.Set), [])];
        for (ulong s = 4999; s > 0; s--)
        {
            input.Add((ArrayInternalIterator.MakeKey("a"u8.ToArray(), s, KeyKind.Set), []));
        }

        using CancellationTokenSource cancel = new();
        using CompactionIterator entries = new(new ArrayInternalIterator(input), [], [10_000], Deeper(""), cancel.Token);
        entries.First();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(entries.Next);
    }

    private static List<(byte[] Key, byte[] Value)> ParseEntries(string text)
    {
        List<(byte[], byte[])> entries = [];
        foreach (string token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] keyAndValue = token.Split(':', 2);
            string[] parts = keyAndValue[0].Split('.');
            KeyKind kind = parts[1] == "DEL" ? KeyKind.Delete : KeyKind.Set;
            byte[] value = keyAndValue.Length > 1 ? Encoding.ASCII.GetBytes(keyAndValue[1]) : [];
            entries.Add((ArrayInternalIterator.MakeKey(Encoding.ASCII.GetBytes(parts[0]), ulong.Parse(parts[2]), kind), value));
        }

        return entries;
    }

    private static List<RangeTombstone> ParseTombstones(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(token =>
            {
                string[] rangeAndSequence = token.Split('#');
                string[] bounds = rangeAndSequence[0].Split('-');
                return new RangeTombstone(Encoding.ASCII.GetBytes(bounds[0]), Encoding.ASCII.GetBytes(bounds[1]), ulong.Parse(rangeAndSequence[1]));
            })
            .ToList();

    private static ulong[] ParseBoundaries(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToArray();

    private static DeeperLevels Deeper(string text)
    {
        ulong number = 100;
        var files = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(range => (OutputLevel + 1, File(number++, range.Split('-')[0], range.Split('-')[1])))
            .ToArray();
        return new DeeperLevels(VersionOf(files), OutputLevel);
    }

    private static string Format(CompactionIterator entries)
    {
        List<string> written = [];
        for (entries.First(); entries.Valid; entries.Next())
        {
            string key = Encoding.ASCII.GetString(InternalKey.UserKey(entries.Key));
            ulong trailer = InternalKey.Trailer(entries.Key);
            written.Add(SequenceNumber.KindOf(trailer) == KeyKind.Delete
                ? $"{key}.DEL.{SequenceNumber.SequenceOf(trailer)}"
                : $"{key}.SET.{SequenceNumber.SequenceOf(trailer)}:{Encoding.ASCII.GetString(entries.Value)}");
        }

        return string.Join(' ', written);
    }

    /// <summary>Removes the values that start with one byte.</summary>
    private sealed class PrefixFilter(byte first) : CompactionFilter
    {
        public override CompactionDecision Decide(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value) =>
            !value.IsEmpty && value[0] == first ? CompactionDecision.Remove : CompactionDecision.Keep;
    }

    private static string FormatTombstone(RangeTombstone tombstone) =>
        $"{Encoding.ASCII.GetString(tombstone.Start)}-{Encoding.ASCII.GetString(tombstone.End)}#{tombstone.Sequence}";
}
