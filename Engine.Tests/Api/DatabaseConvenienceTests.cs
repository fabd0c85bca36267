using Engine.Api;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>Reads into a caller's span, copied scans, and the <c>Task</c>-returning maintenance calls.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseConvenienceTests : IDisposable
{
    private readonly TempDirectory _dir = new("api-convenience");
    private readonly Database _db;

    public DatabaseConvenienceTests()
    {
        _db = Database.Open(Path.Combine(_dir.Path, "db"));
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void TryGetIntoSpan_FitsTooSmallMissingAndSnapshot()
    {
        _db.Put("k"u8, "hello"u8);
        using Snapshot before = _db.GetSnapshot();
        _db.Put("k"u8, "a longer value"u8);
        Span<byte> small = stackalloc byte[5];
        small.Fill(0xEE);
        Span<byte> large = stackalloc byte[32];

        Assert.True(_db.TryGet("k"u8, small, out int length, before));
        Assert.Equal(5, length);
        Assert.Equal("hello"u8.ToArray(), small.ToArray());
        small.Fill(0xEE);
        Assert.True(_db.TryGet("k"u8, small, out length));
        Assert.Equal(14, length);
        Assert.All(small.ToArray(), b => Assert.Equal(0xEE, b));
        Assert.True(_db.TryGet("k"u8, large, out length));
        Assert.Equal("a longer value"u8.ToArray(), large[..length].ToArray());
        Assert.False(_db.TryGet("missing"u8, large, out length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Scan_SnapshotAndRange_CopiesPairsInOrder()
    {
        _db.Put("a"u8, "1"u8);
        _db.Put("b"u8, "2"u8);
        using Snapshot snapshot = _db.GetSnapshot();
        _db.Put("c"u8, "3"u8);
        _db.Delete("a"u8);

        List<KeyValuePair<byte[], byte[]>> pairs = [.. _db.Scan(KeyRange.All, snapshot)];
        Assert.Equal(["a", "b"], pairs.Select(p => System.Text.Encoding.ASCII.GetString(p.Key)));
        Assert.Equal("2"u8.ToArray(), pairs[1].Value);
        Assert.Equal(["b", "c"], _db.Scan().Select(p => System.Text.Encoding.ASCII.GetString(p.Key)));
        Assert.Equal(["b"], _db.Scan(KeyRange.Below("c"u8)).Select(p => System.Text.Encoding.ASCII.GetString(p.Key)));
        Assert.Equal(0, _db.GetMetrics().LiveIterators);
    }

    [Fact]
    public async Task FlushCompactAndCheckpointAsync_DoTheirWork()
    {
        for (int i = 0; i < 100; i++)
        {
            _db.Put(System.Text.Encoding.ASCII.GetBytes($"key{i:D3}"), "value"u8);
        }

        await _db.FlushAsync();
        DatabaseMetrics flushed = _db.GetMetrics();
        Assert.Equal(1, flushed.FlushCount);
        Assert.Equal(1, flushed.FilesPerLevel[0]);

        await _db.CompactAsync(KeyRange.Prefix("key"u8));
        Assert.Equal(0, _db.GetMetrics().FilesPerLevel[0]);

        string copy = Path.Combine(_dir.Path, "copy");
        await _db.CheckpointAsync(copy);
        using Database restored = Database.Open(copy);
        Assert.Equal(100, restored.Scan().Count());
    }

    [Fact]
    public async Task MaintenanceAsync_CancelledBeforeStart_IsCanceledAndDoesNothing()
    {
        _db.Put("k"u8, "v"u8);
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();
        string copy = Path.Combine(_dir.Path, "copy");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _db.FlushAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _db.CompactAsync(default, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _db.CheckpointAsync(copy, cancelled.Token));
        Assert.Equal(0, _db.GetMetrics().FlushCount);
        Assert.False(Directory.Exists(copy));
    }
}
