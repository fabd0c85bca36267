using System.Collections.Concurrent;
using System.Text;
using Engine.Core.Storage;
using Engine.Lsm.Compaction;
using Engine.Lsm.Db;
using Engine.Lsm.Iterators;
using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db;

/// <summary>
/// The compaction filter through the store: it sees the values compaction rewrites, removed keys stay absent, older
/// versions never come back, snapshots keep what they see, and the removed entries are physically gone.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LsmCompactionFilterTests
{
    [Fact]
    public void Compact_FilterSeesValues_RemovedKeysStayAbsentAndOthersStay()
    {
        RecordingFilter filter = new();
        using LsmDatabase db = Open(new MemFileSystem(), filter);
        for (int i = 0; i < 100; i++)
        {
            db.Put(Key(i), Encoding.ASCII.GetBytes(i % 2 == 0 ? $"drop{i}" : $"keep{i}"));
        }

        db.CompactRange(null, null);

        Assert.Equal(100, filter.Seen.Count);
        Assert.Equal("keep1", Encoding.ASCII.GetString(filter.Seen[Encoding.ASCII.GetString(Key(1))]));
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(i % 2 == 0 ? null : Encoding.ASCII.GetBytes($"keep{i}"), db.Get(Key(i)));
        }

        Assert.Equal(50, CountEntries(db));
    }

    [Fact]
    public void Compact_NewestVersionRemoved_DoesNotResurrectAnOlderOneBelow()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = Open(fs, new RecordingFilter());

        // The old version goes to the bottom first; the newer one, in another table above it, is the one removed.
        db.Put(Key(1), "old-keep"u8);
        db.CompactRange(null, null);
        db.Put(Key(1), "drop-new"u8);
        db.Flush();
        db.CompactRange(Key(1), Key(2));

        Assert.Null(db.Get(Key(1)));
        db.CompactRange(null, null);
        Assert.Null(db.Get(Key(1)));
    }

    [Fact]
    public void Compact_WithALiveSnapshot_TheSnapshotKeepsWhatItSees()
    {
        using LsmDatabase db = Open(new MemFileSystem(), new RecordingFilter());
        db.Put(Key(1), "drop-seen"u8);
        using Snapshot snapshot = db.GetSnapshot();
        db.Put(Key(2), "drop-unseen"u8);

        db.CompactRange(null, null);

        Assert.Equal("drop-seen"u8.ToArray(), db.Get(Key(1), snapshot));
        Assert.Equal("drop-seen"u8.ToArray(), db.Get(Key(1)));
        Assert.Null(db.Get(Key(2)));
        Assert.Null(db.Get(Key(2), snapshot));
    }

    [Fact]
    public void Compact_AfterTheSnapshotIsReleased_RemovesWhatItProtected()
    {
        using LsmDatabase db = Open(new MemFileSystem(), new RecordingFilter());
        db.Put(Key(1), "drop-seen"u8);
        Snapshot snapshot = db.GetSnapshot();
        db.CompactRange(null, null);
        Assert.NotNull(db.Get(Key(1)));

        snapshot.Dispose();
        db.CompactRange(null, null);

        Assert.Null(db.Get(Key(1)));
        Assert.Equal(0, CountEntries(db));
    }

    private static LsmDatabase Open(MemFileSystem fs, CompactionFilter filter) =>
        LsmDatabase.Open(fs, "/db", new LsmOptions { CompactionFilter = filter, CheckInvariantsAfterVersionChange = true });

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key{i:D4}");

    private static int CountEntries(LsmDatabase db)
    {
        int count = 0;
        using DbIterator it = db.NewIterator();
        for (it.First(); it.Valid; it.Next())
        {
            count++;
        }

        return count;
    }

    /// <summary>Removes values that start with "drop" and records every value it is offered.</summary>
    private sealed class RecordingFilter : CompactionFilter
    {
        public ConcurrentDictionary<string, byte[]> Seen { get; } = new();

        public override CompactionDecision Decide(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> value)
        {
            Seen[Encoding.ASCII.GetString(userKey)] = value.ToArray();
            return value.StartsWith("drop"u8) ? CompactionDecision.Remove : CompactionDecision.Keep;
        }
    }
}
