using System.Text;
using Engine.Api;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>An iterator keeps the tables it reads mapped and on disk until it is disposed, whatever compaction does.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseIteratorLifetimeTests
{
    private const int Keys = 3000;

    [Fact]
    public void Iterator_TablesCompactedAway_StillReadsThemAndTheirFilesGoOnlyAfterDispose()
    {
        using TempDirectory dir = new("api-iterator-lifetime");
        // Default options: flushes happen only when asked, and two L0 tables start no automatic compaction.
        using Database db = Database.Open(dir.Path);

        // Two overlapping flushes, so that compaction has to merge (rewrite) rather than move the tables.
        for (int round = 0; round < 2; round++)
        {
            for (int i = round; i < Keys; i += 2)
            {
                db.Put(Key(i), Value(i, "old"));
            }

            db.Flush();
        }

        HashSet<string> pinnedTables = Tables(dir.Path);
        Assert.NotEmpty(pinnedTables);
        using DatabaseIterator it = db.NewIterator();
        it.First();

        // Overwrite everything and compact the whole store: every table the iterator reads becomes obsolete.
        for (int i = 0; i < Keys; i++)
        {
            db.Put(Key(i), Value(i, "new"));
        }

        db.Compact();
        HashSet<string> liveTables = Tables(dir.Path);
        Assert.True(pinnedTables.IsSubsetOf(liveTables), "a table still pinned by the iterator was deleted");
        Assert.Empty(db.Verify().Problems);

        int count = 0;
        for (; it.Valid; it.Next())
        {
            Assert.Equal(Key(count), it.Key.ToArray());
            Assert.Equal(Value(count, "old"), it.Value.ToArray());
            count++;
        }

        for (it.Last(); it.Valid; it.Prev())
        {
            count--;
            Assert.Equal(Value(count, "old"), it.Value.ToArray());
        }

        Assert.Equal(0, count);
        it.Dispose();
        HashSet<string> afterDispose = Tables(dir.Path);
        Assert.False(pinnedTables.Overlaps(afterDispose), "obsolete tables outlived the iterator that pinned them");
        Assert.Equal(Value(7, "new"), db.Get(Key(7)));
    }

    [Fact]
    public void Iterator_SpanKeptPastDisposeAndCompaction_StillReadsTheIteratorsOwnCopy()
    {
        using TempDirectory dir = new("api-iterator-span");
        using Database db = Database.Open(dir.Path);
        db.Put(Key(1), Value(1, "old"));
        db.Flush();
        DatabaseIterator it = db.NewIterator();
        it.First();
        ReadOnlySpan<byte> stale = it.Value;

        // The table the value came from is compacted away, unmapped and deleted once the iterator lets go of it.
        it.Dispose();
        db.Put(Key(1), Value(1, "new"));
        db.Compact();

        Assert.Equal(Value(1, "old"), stale.ToArray());
        Assert.Equal(Value(1, "new"), db.Get(Key(1)));
    }

    private static HashSet<string> Tables(string directory) => [.. Directory.GetFiles(directory, "*.sst").Select(f => Path.GetFileName(f))];

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key{i:D6}");

    private static byte[] Value(int i, string generation) => Encoding.ASCII.GetBytes($"{generation}-value-{i:D6}-{new string('x', 40)}");
}
