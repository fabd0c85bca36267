using System.Diagnostics;
using Engine.Core.Compression;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;
using DatabaseMetrics = Engine.Api.DatabaseMetrics;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;
using VerifyProblem = Engine.Api.VerifyProblem;
using VerifyProblemKind = Engine.Api.VerifyProblemKind;
using VerifyReport = Engine.Api.VerifyReport;

namespace Engine.Tests.Lsm.Db;

/// <summary>Verify reads a running store and reports damage, missing and stray tables without throwing.</summary>
[Trait("Category", "Unit")]
public sealed class LsmVerifyTests(ITestOutputHelper output)
{
    private static readonly LsmOptions s_options = new() { WriteBufferSizeBytes = 16 << 10, BlockSizeBytes = 512, L0CompactionTrigger = 3, CheckInvariantsAfterVersionChange = true };

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Verify_HealthyStoreWithL0L1AndRangeDeletes_ReportsNoProblems(bool localDisk, bool lz4)
    {
        using StoreLocation location = new(localDisk);
        LsmOptions options = s_options with { Compression = lz4 ? CompressionType.Lz4 : CompressionType.None };
        using LsmDatabase db = LsmDatabase.Open(location.Fs, location.Combine("db"), options);
        Fill(db, location.Fs, rounds: 5);
        db.DeleteRange(LsmCheckpointTests.Key(10), LsmCheckpointTests.Key(20));
        db.Flush();
        WaitForCompaction(db, location.Fs);

        VerifyReport report = db.Verify();

        Assert.Empty(report.Problems);
        Assert.True(report.IsHealthy);
        Assert.Empty(report.UnreferencedFiles);
        DatabaseMetrics metrics = db.GetMetrics();
        Assert.True(metrics.CompactionCount > 0, "the store has no L1 to check");
        Assert.Equal(metrics.FilesPerLevel.Sum(), report.TablesChecked);
        Assert.True(report.BlocksChecked > report.TablesChecked);
        Assert.True(report.EntriesChecked >= 900, $"only {report.EntriesChecked} entries read");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_FlippedBitInADataBlock_ReportsCorruptionOfThatTable(bool localDisk)
    {
        using StoreLocation location = new(localDisk);
        string dir = location.Combine("db");
        string victim;
        using (LsmDatabase db = LsmDatabase.Open(location.Fs, dir, s_options))
        {
            Fill(db, location.Fs, rounds: 2);
            victim = TablePaths(location.Fs, dir)[0];
        }

        // Byte 10 lies inside the first data block: tables start with their data.
        location.FlipBit(victim, 10 * 8 + 3);
        using LsmDatabase reopened = LsmDatabase.Open(location.Fs, dir, s_options);

        VerifyReport report = reopened.Verify();

        VerifyProblem problem = Assert.Single(report.Problems);
        output.WriteLine(problem.ToString());
        Assert.Equal(VerifyProblemKind.Corruption, problem.Kind);
        Assert.Equal(victim, problem.FilePath);
        Assert.Equal(0, problem.Offset);
        Assert.NotNull(problem.Level);
        Assert.False(report.IsHealthy);
    }

    [Fact]
    public void Verify_BitFlippedAfterReadsCachedTheTable_StillFindsIt()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        Fill(db, fs, rounds: 2);
        Assert.Empty(db.Verify().Problems);
        for (int i = 0; i < 700; i++)
        {
            Assert.NotNull(db.Get(LsmCheckpointTests.Key(i)));
        }

        // Reads have verified and cached the blocks; Verify opens the tables afresh and sees the new damage.
        string victim = TablePaths(fs, "/db")[^1];
        long length = fs.GetLength(victim);
        fs.FlipBit(victim, (length / 3) * 8);

        VerifyReport report = db.Verify();
        Assert.Contains(report.Problems, p => p.Kind == VerifyProblemKind.Corruption && p.FilePath == victim);
    }

    [Fact]
    public void Verify_FlippedBitInTheFooter_ReportsCorruptionFromTheOpen()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options);
        Fill(db, fs, rounds: 1);
        string victim = TablePaths(fs, "/db")[0];
        fs.FlipBit(victim, (fs.GetLength(victim) - 4) * 8);

        VerifyProblem problem = Assert.Single(db.Verify().Problems);
        Assert.Equal(VerifyProblemKind.Corruption, problem.Kind);
        Assert.Equal(victim, problem.FilePath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_DeletedTableFile_ReportsMissingFile(bool localDisk)
    {
        using StoreLocation location = new(localDisk);
        string dir = location.Combine("db");
        using LsmDatabase db = LsmDatabase.Open(location.Fs, dir, s_options);
        Fill(db, location.Fs, rounds: 1);
        string victim = TablePaths(location.Fs, dir)[0];
        location.Fs.Delete(victim);

        VerifyReport report = db.Verify();

        VerifyProblem problem = Assert.Single(report.Problems);
        Assert.Equal(VerifyProblemKind.MissingFile, problem.Kind);
        Assert.Equal(victim, problem.FilePath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_ExtraTableFile_IsReportedUnreferencedNotAsAProblem(bool localDisk)
    {
        using StoreLocation location = new(localDisk);
        string dir = location.Combine("db");
        using LsmDatabase db = LsmDatabase.Open(location.Fs, dir, s_options);
        Fill(db, location.Fs, rounds: 1);
        location.WriteFile(Path.Combine(dir, "999999.sst"), "not a table"u8);

        VerifyReport report = db.Verify();

        Assert.Empty(report.Problems);
        Assert.Equal(["999999.sst"], report.UnreferencedFiles);
        Assert.True(location.Fs.Exists(Path.Combine(dir, "999999.sst")), "Verify must never delete");
    }

    [Fact]
    public async Task Verify_WhileWritesFlushesAndCompactionsRun_FindsNoProblems()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_options with { L0CompactionTrigger = 2 });
        using CancellationTokenSource stop = new();
        Task writer = Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                db.Put(LsmCheckpointTests.Key(i % 3000), LsmCheckpointTests.Value(i));
            }
        });

        try
        {
            // Verify over and over until several compactions have run under it.
            int rounds = 0;
            int unreferenced = 0;
            Stopwatch elapsed = Stopwatch.StartNew();
            while ((db.GetMetrics().CompactionCount < 5 || rounds < 10) && elapsed.Elapsed < TimeSpan.FromSeconds(60))
            {
                VerifyReport report = db.Verify();
                Assert.Empty(report.Problems);
                unreferenced += report.UnreferencedFiles.Count;
                rounds++;
            }

            output.WriteLine($"{rounds} rounds; unreferenced files seen across them: {unreferenced}; metrics {db.GetMetrics()}");
            Assert.True(db.GetMetrics().CompactionCount >= 5, "too few compactions ran during the checks");
        }
        finally
        {
            stop.Cancel();
            await writer;
        }
    }

    [Fact]
    public void Verify_ClosedStore_ThrowsFailedPrecondition()
    {
        LsmDatabase db = LsmDatabase.Open(new MemFileSystem(), "/db", s_options);
        db.Dispose();

        Assert.Equal(StorageErrorCode.FailedPrecondition, Assert.Throws<StorageException>(() => db.Verify()).Code);
    }

    /// <summary>Writes overlapping rounds of keys, flushing each, so that L0 fills and compacts into L1.</summary>
    private static void Fill(LsmDatabase db, IFileSystem fs, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            for (int i = round * 100; i < (round * 100) + 600; i++)
            {
                db.Put(LsmCheckpointTests.Key(i), LsmCheckpointTests.Value(i + round));
            }

            db.Flush();
        }

        WaitForCompaction(db, fs);
    }

    /// <summary>
    /// Waits until L0 is below the compaction trigger (compaction starts only at the trigger, so none is running) and
    /// the tables a compaction made obsolete are gone from the directory: the store is then quiet until the next write.
    /// </summary>
    private static void WaitForCompaction(LsmDatabase db, IFileSystem fs) =>
        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                DatabaseMetrics metrics = db.GetMetrics();
                return metrics.FilesPerLevel[0] < s_options.L0CompactionTrigger
                    && TablePaths(fs, db.Directory).Length == metrics.FilesPerLevel.Sum();
            },
            TimeSpan.FromSeconds(30)));

    private static string[] TablePaths(IFileSystem fs, string dir) =>
        fs.List(dir)
            .Where(n => FileNames.TryParse(n, out FileKind kind, out _) && kind == FileKind.Table)
            .Select(n => Path.Combine(dir, n))
            .ToArray();
}
