using Engine.Api;
using Engine.Core.Buffers;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>The public key-value surface, end to end on the real file system.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseTests
{
    [Fact]
    public void PublicSurface_WritesReadsIteratesAndSurvivesReopen()
    {
        using TempDirectory dir = new("api");
        using (Database db = Database.Open(dir.Path, new DatabaseOptions { WriteBufferSizeBytes = 64 << 10 }))
        {
            db.Put("user:1"u8, "alice"u8, Durability.Synced);
            db.Put("user:2"u8, "bob"u8);
            db.Put("group:1"u8, "admins"u8, Durability.Buffered);
            using (WriteBatch batch = new())
            {
                batch.Put("user:3"u8, "carol"u8);
                batch.Delete("user:2"u8);
                db.Write(batch, Durability.Synced);
            }

            using Snapshot before = db.GetSnapshot();
            db.DeleteRange("user:1"u8, "user:2"u8);

            Assert.Null(db.Get("user:1"u8));
            Assert.Equal("alice"u8.ToArray(), db.Get("user:1"u8, before));
            using PooledBufferWriter buffer = new();
            Assert.True(db.TryGet("user:3"u8, buffer));
            Assert.Equal("carol"u8.ToArray(), buffer.WrittenSpan.ToArray());

            using DatabaseIterator it = db.NewIterator(new ReadOptions { Range = KeyRange.Prefix("user:"u8), Snapshot = before });
            List<string> keys = [];
            for (it.Last(); it.Valid; it.Prev())
            {
                keys.Add(System.Text.Encoding.ASCII.GetString(it.Key));
            }

            Assert.Equal(["user:3", "user:1"], keys);
            db.Flush();
            Assert.True(db.GetMetrics().FlushCount >= 1);
        }

        using Database reopened = Database.Open(dir.Path);
        Assert.Null(reopened.Get("user:1"u8));
        Assert.Null(reopened.Get("user:2"u8));
        Assert.Equal("carol"u8.ToArray(), reopened.Get("user:3"u8));
        Assert.Equal("admins"u8.ToArray(), reopened.Get("group:1"u8));
    }

    [Fact]
    public void Open_WithoutCreate_OnEmptyDirectory_IsNotFound()
    {
        using TempDirectory dir = new("api");

        StorageException ex = Assert.Throws<StorageException>(() => Database.Open(Path.Combine(dir.Path, "missing"), new DatabaseOptions { CreateIfMissing = false }));
        Assert.Equal(StorageErrorCode.NotFound, ex.Code);
    }

    [Fact]
    public void Open_WithInvalidOption_NamesTheOption()
    {
        using TempDirectory dir = new("api");

        StorageException ex = Assert.Throws<StorageException>(() => Database.Open(dir.Path, new DatabaseOptions { BloomBitsPerKey = -1 }));
        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(nameof(DatabaseOptions.BloomBitsPerKey), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithUndefinedCompression_NamesTheOption()
    {
        using TempDirectory dir = new("api");

        StorageException ex = Assert.Throws<StorageException>(() => Database.Open(dir.Path, new DatabaseOptions { Compression = (Compression)7 }));
        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(nameof(DatabaseOptions.Compression), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lz4Compression_TablesAreSmallerAndReadableWithCompressionOff()
    {
        using TempDirectory lz4Dir = new("api-lz4");
        using TempDirectory rawDir = new("api-raw");
        byte[] Value(int i) => System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"value-{i:D6}|", 8)));
        foreach ((string path, Compression compression) in new[] { (lz4Dir.Path, Compression.Lz4), (rawDir.Path, Compression.None) })
        {
            using Database db = Database.Open(path, new DatabaseOptions { Compression = compression });
            for (int i = 0; i < 5000; i++)
            {
                db.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D6}"), Value(i));
            }

            db.Flush();
        }

        long TableBytes(string path) => Directory.GetFiles(path, "*.sst").Sum(f => new FileInfo(f).Length);
        Assert.True(TableBytes(lz4Dir.Path) < TableBytes(rawDir.Path) / 2, $"{TableBytes(lz4Dir.Path)} against {TableBytes(rawDir.Path)}");
        string optionsFile = Assert.Single(Directory.GetFiles(lz4Dir.Path, "OPTIONS-*"));
        Assert.Contains("Compression=Lz4", File.ReadAllText(optionsFile), StringComparison.Ordinal);

        // The setting governs new tables only; a store reads the tables it has whatever the setting.
        using Database reopened = Database.Open(lz4Dir.Path, new DatabaseOptions { Compression = Compression.None });
        for (int i = 0; i < 5000; i += 7)
        {
            Assert.Equal(Value(i), reopened.Get(System.Text.Encoding.ASCII.GetBytes($"key{i:D6}")));
        }

        using DatabaseIterator it = reopened.NewIterator();
        int count = 0;
        for (it.First(); it.Valid; it.Next())
        {
            count++;
        }

        Assert.Equal(5000, count);
    }

    [Fact]
    public void CacheOptions_ReachTheStoreAndItsMetrics()
    {
        using TempDirectory dir = new("api-cache");
        DatabaseOptions options = new() { Compression = Compression.Lz4, BlockCacheBytes = 1 << 20, MaxOpenTables = 16 };
        using (Database db = Database.Open(dir.Path, options))
        {
            for (int i = 0; i < 2000; i++)
            {
                db.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D6}"), new byte[100]);
            }

            db.Flush();
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < 2000; i += 3)
                {
                    Assert.NotNull(db.Get(System.Text.Encoding.ASCII.GetBytes($"key{i:D6}")));
                }
            }

            DatabaseMetrics metrics = db.GetMetrics();
            Assert.Equal(1 << 20, metrics.BlockCacheCapacityBytes);
            Assert.True(metrics.BlockCacheHits > 0 && metrics.BlockCacheInserts > 0 && metrics.BlockCacheUsageBytes > 0);
            Assert.True(metrics.OpenTables >= 1 && metrics.TableCacheHits > 0 && metrics.TableCacheMisses >= 1);
        }

        string optionsFile = Assert.Single(Directory.GetFiles(dir.Path, "OPTIONS-*"));
        Assert.Contains("MaxOpenTables=16", File.ReadAllText(optionsFile), StringComparison.Ordinal);
        StorageException ex = Assert.Throws<StorageException>(() => Database.Open(dir.Path, new DatabaseOptions { MaxOpenTables = 15 }));
        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
        Assert.Contains(nameof(DatabaseOptions.MaxOpenTables), ex.Message, StringComparison.Ordinal);
    }
}
