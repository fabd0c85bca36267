using Engine.Api;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Api;

/// <summary>Checkpoint and Verify through the public surface, on the real file system.</summary>
[Trait("Category", "Disk")]
public sealed class DatabaseCheckpointTests
{
    private static readonly DatabaseOptions s_options = new() { WriteBufferSizeBytes = 16 << 10, BlockSizeBytes = 512, L0CompactionTrigger = 2 };

    [Fact]
    public void Checkpoint_RestoresByOpening_AndVerifiesClean()
    {
        using TempDirectory dir = new("api-checkpoint");
        string store = dir.Combine("store");
        string checkpoint = dir.Combine("checkpoint");
        using (Database db = Database.Open(store, s_options))
        {
            for (int i = 0; i < 1000; i++)
            {
                db.Put(Key(i), Key(i));
            }

            db.Delete(Key(7));
            db.Checkpoint(checkpoint);
            db.Put(Key(1000), Key(1000));

            VerifyReport report = db.Verify();
            Assert.True(report.IsHealthy, string.Join("; ", report.Problems));
            Assert.True(report.TablesChecked > 0 && report.BlocksChecked > 0 && report.EntriesChecked > 0);
        }

        using Database restored = Database.Open(checkpoint, s_options);
        Assert.Empty(restored.Verify().Problems);
        Assert.Equal(Key(999), restored.Get(Key(999)));
        Assert.Null(restored.Get(Key(7)));
        Assert.Null(restored.Get(Key(1000)));
    }

    [Fact]
    public void Checkpoint_IntoDirectoryHoldingFiles_ThrowsAlreadyExists()
    {
        using TempDirectory dir = new("api-checkpoint");
        File.WriteAllText(dir.Combine("stray.txt"), "x");
        using Database db = Database.Open(dir.Combine("store"), s_options);

        StorageException ex = Assert.Throws<StorageException>(() => db.Checkpoint(dir.Path));

        Assert.Equal(StorageErrorCode.AlreadyExists, ex.Code);
        Assert.Throws<ArgumentException>(() => db.Checkpoint(""));
    }

    [Fact]
    public void Verify_DamagedTable_IsReportedWithFileAndOffset()
    {
        using TempDirectory dir = new("api-verify");
        using (Database db = Database.Open(dir.Path, s_options))
        {
            for (int i = 0; i < 300; i++)
            {
                db.Put(Key(i), new byte[100]);
            }

            db.Flush();
        }

        string table = Directory.GetFiles(dir.Path, "*.sst").Order(StringComparer.Ordinal).First();
        byte[] bytes = File.ReadAllBytes(table);
        bytes[5] ^= 0x10;
        File.WriteAllBytes(table, bytes);

        // Open deletes stray tables, so the stray one comes after it.
        using Database reopened = Database.Open(dir.Path, s_options);
        File.WriteAllText(Path.Combine(dir.Path, "999999.sst"), "stray");
        VerifyReport report = reopened.Verify();

        VerifyProblem problem = Assert.Single(report.Problems);
        Assert.Equal(VerifyProblemKind.Corruption, problem.Kind);
        Assert.Equal(table, problem.FilePath);
        Assert.Equal(0, problem.Offset);
        Assert.Equal(["999999.sst"], report.UnreferencedFiles);
        Assert.False(report.IsHealthy);
    }

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");
}
