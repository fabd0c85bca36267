using System.Reflection;
using System.Text;
using Engine.Api;
using Engine.Api.Events;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Tests.Infrastructure;

using LsmOptions = Engine.Lsm.Options.LsmOptions;

namespace Engine.Tests.Api;

/// <summary>
/// The figures, the store-check report and the event payloads are defined once, in Engine.Lsm, and
/// <see cref="Database"/> hands out the engine's own objects: these tests check that no public copy exists, that the
/// types are immutable, and that the figures and the report reach the public surface populated,
/// including the torn-tail bytes and the slowdown time.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DatabaseMetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(typeof(DatabaseMetrics))]
    [InlineData(typeof(LevelMetrics))]
    [InlineData(typeof(VerifyReport))]
    [InlineData(typeof(VerifyProblem))]
    [InlineData(typeof(VerifyProblemKind))]
    [InlineData(typeof(FlushInfo))]
    [InlineData(typeof(CompactionInfo))]
    [InlineData(typeof(StallInfo))]
    [InlineData(typeof(BackgroundErrorInfo))]
    [InlineData(typeof(CompactionReason))]
    [InlineData(typeof(StallReason))]
    public void PublicType_IsTheEngineType_NotACopy(Type type)
    {
        Assert.Same(typeof(LsmDatabase).Assembly, type.Assembly);
        Assert.Null(typeof(Database).Assembly.GetType(type.FullName!));
        Assert.True(type.IsPublic);
        if (!type.IsEnum)
        {
            Assert.True(type.IsSealed);
            Assert.All(
                type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null),
                p => Assert.True(IsInitOnly(p), $"{type.Name}.{p.Name} has a public setter"));
        }
    }

    [Fact]
    public void GetMetrics_AfterWritesFlushAndCompaction_ReportsTheEngineFigures()
    {
        using TempDirectory dir = new("api-metrics");
        using Database db = Database.Open(dir.Path, new DatabaseOptions { WriteBufferSizeBytes = 16 << 10, L0CompactionTrigger = 2 });
        for (int i = 0; i < 3000; i++)
        {
            db.Put(Key(i), new byte[20]);
        }

        db.Flush();
        db.Compact();
        Assert.NotNull(db.Get(Key(1)));

        DatabaseMetrics metrics = db.GetMetrics();
        Assert.Equal(7, metrics.Levels.Count);
        Assert.Equal(7, metrics.FilesPerLevel.Count);
        Assert.Equal(7, metrics.BytesPerLevel.Count);
        Assert.True(metrics.WalBytesWritten > 0);
        Assert.True(metrics.FlushCount > 0);
        Assert.True(metrics.FlushBytesWritten > 0);
        Assert.True(metrics.CompactionCount > 0);
        Assert.True(metrics.CompactionBytesWritten > 0);
        Assert.True(metrics.WriteAmplification > 0);
        Assert.True(metrics.FilesPerLevel.Sum() > 0);
        Assert.Equal(metrics.FilesPerLevel, metrics.Levels.Select(l => l.Files));
        Assert.Equal(metrics.BytesPerLevel, metrics.Levels.Select(l => l.Bytes));
        Assert.Contains(metrics.Levels, l => l.Compactions > 0 && l.BytesWritten > 0);
        Assert.True(metrics.BloomChecks > 0 || metrics.TableCacheHits + metrics.TableCacheMisses > 0);
        Assert.True(metrics.VisibleSequence >= 3000);
        Assert.Equal(0, metrics.RecoveredTornTailBytes);
    }

    [Fact]
    public void GetMetrics_AfterATornLogTail_ReportsTheBytesDropped()
    {
        MemFileSystem fs = new();
        LsmOptions options = new() { WriteBufferSizeBytes = 1 << 20 };
        using (Database db = new(LsmDatabase.Open(fs, "/db", options)))
        {
            db.Put("synced"u8, "1"u8, Durability.Synced);
            db.Put("tail"u8, new byte[5000], Durability.Flushed);
            fs = fs.CrashClone(new CrashOptions { Keep = CrashKeep.All, TearLastWrite = true, Seed = 7 });
        }

        using Database recovered = new(LsmDatabase.Open(fs, "/db", options));
        Assert.NotNull(recovered.Get("synced"u8));
        Assert.Null(recovered.Get("tail"u8));
        Assert.True(recovered.GetMetrics().RecoveredTornTailBytes > 0);
    }

    [Fact]
    public async Task GetMetrics_WhileL0IsAtItsSlowdownTrigger_ReportsSlowdownTime()
    {
        using HoldingListener listener = new();
        using TempDirectory dir = new("api-slowdown");
        using Database db = Database.Open(dir.Path, new DatabaseOptions
        {
            WriteBufferSizeBytes = 16 << 10,
            L0CompactionTrigger = 2,
            L0SlowdownWritesTrigger = 2,
            L0StopWritesTrigger = 1000,
            MaxBackgroundCompactions = 1,
            EventListener = listener,
        });
        try
        {
            // With compaction held, flushed tables stay in L0, past the slowdown trigger.
            for (int i = 0; db.GetMetrics().FilesPerLevel[0] < 2; i++)
            {
                db.Put(Key(i), new byte[100]);
                db.Flush();
            }

            for (int i = 0; i < 20; i++)
            {
                db.Put(Key(i), new byte[10]);
            }

            DatabaseMetrics metrics = db.GetMetrics();
            Assert.True(metrics.SlowdownCount >= 20);
            Assert.True(metrics.SlowdownMilliseconds > 0);
        }
        finally
        {
            listener.Release();
        }

        await Task.Run(() => db.Compact()).WaitAsync(s_timeout);
    }

    [Fact]
    public void Verify_OnAStoreWithTables_ReportsWhatItRead()
    {
        using TempDirectory dir = new("api-verify-counts");
        using Database db = Database.Open(dir.Path, new DatabaseOptions { WriteBufferSizeBytes = 16 << 10, BlockSizeBytes = 512 });
        for (int i = 0; i < 2000; i++)
        {
            db.Put(Key(i), Key(i));
        }

        // A full compaction waits for the background jobs, so no table is being written while the check lists files.
        db.Compact();
        VerifyReport report = db.Verify();

        Assert.True(report.IsHealthy, string.Join("; ", report.Problems));
        Assert.True(report.TablesChecked > 0);
        Assert.True(report.BlocksChecked > report.TablesChecked);
        Assert.True(report.EntriesChecked >= 2000);
        Assert.Empty(report.UnreferencedFiles);
    }

    private static bool IsInitOnly(PropertyInfo property) =>
        property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit));

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key{i:D6}");

    /// <summary>Holds every compaction at its start until released, so L0 keeps what flushes write.</summary>
    private sealed class HoldingListener : DatabaseEventListener, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();

        public override void OnCompactionBegin(CompactionInfo info) => _released.Wait(s_timeout);

        public void Release() => _released.Set();

        public void Dispose() => _released.Dispose();
    }
}
