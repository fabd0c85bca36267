using System.Text;
using Engine.Api;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>The public <see cref="Database.Ingest"/>, end to end on the real file system: results, errors, reopen, verify.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseIngestTests
{
    private static List<(string Key, string Value)> Scan(Database db) =>
        [.. db.Scan().Select(kv => (Encoding.ASCII.GetString(kv.Key), Encoding.ASCII.GetString(kv.Value)))];

    [Fact]
    public void Ingest_WritesTheRun_SurvivesReopen_AndVerifies()
    {
        using TempDirectory dir = new("api-ingest");
        IngestResult result;
        using (Database db = Database.Open(dir.Path))
        {
            db.Put("a"u8, "old"u8, Durability.Synced);
            result = db.Ingest(ListEntrySource.Of(("a", "new"), ("b", "2"), ("c", null)));
            db.Put("d"u8, "4"u8);

            Assert.Equal([("a", "new"), ("b", "2"), ("d", "4")], Scan(db));
            Assert.True(db.Verify().IsHealthy);
            Assert.Equal(1, db.GetMetrics().IngestCount);
        }

        Assert.Equal((1, 0, 2UL, 3L), (result.Tables, result.Level, result.Sequence, result.Entries));
        using Database reopened = Database.Open(dir.Path);
        Assert.Equal([("a", "new"), ("b", "2"), ("d", "4")], Scan(reopened));
        Assert.True(reopened.Verify().IsHealthy);
    }

    [Fact]
    public void Ingest_BadArguments_ThrowArgumentExceptions_AndInstallNothing()
    {
        using TempDirectory dir = new("api-ingest-args");
        using Database db = Database.Open(dir.Path);

        Assert.Throws<ArgumentNullException>(() => db.Ingest(null!));
        Assert.Equal("entries", Assert.Throws<ArgumentException>(() => db.Ingest(ListEntrySource.Of(("b", "1"), ("a", "2")))).ParamName);
        Assert.Throws<ArgumentException>(() => db.Ingest(ListEntrySource.Of(("a", "1"), ("a", "2"))));
        Assert.Throws<ArgumentException>(() => db.Ingest(ListEntrySource.Of(("", "1"))));
        Assert.Throws<ArgumentOutOfRangeException>(() => db.Ingest(new ListEntrySource([(new byte[Database.MaxKeySizeBytes + 1], [1])])));

        Assert.Empty(Scan(db));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.sst"));
        Assert.Equal(-1, db.Ingest(ListEntrySource.Of()).Level);
    }

    [Fact]
    public void Ingest_DisposedStore_ThrowsObjectDisposed()
    {
        using TempDirectory dir = new("api-ingest-disposed");
        Database db = Database.Open(dir.Path);
        db.Dispose();

        Assert.Throws<ObjectDisposedException>(() => db.Ingest(ListEntrySource.Of(("a", "1"))));
    }
}
