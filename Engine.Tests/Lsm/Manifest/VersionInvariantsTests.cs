using Engine.Core.Storage;
using Engine.Lsm.Db;
using Engine.Lsm.Keys;
using Engine.Lsm.Manifest;
using Engine.Lsm.Options;
using Engine.Tests.Infrastructure;
using VerifyProblem = Engine.Api.VerifyProblem;
using VerifyProblemKind = Engine.Api.VerifyProblemKind;

namespace Engine.Tests.Lsm.Manifest;

/// <summary>The cheap level invariants, on versions built by hand, and their check after every version change.</summary>
[Trait("Category", "Unit")]
public sealed class VersionInvariantsTests
{
    private static readonly LsmOptions s_checked = new()
    {
        WriteBufferSizeBytes = 8 << 10,
        BlockSizeBytes = 512,
        L0CompactionTrigger = 2,
        CheckInvariantsAfterVersionChange = true,
    };

    [Fact]
    public void Find_VersionBuiltByApply_HasNoProblems()
    {
        VersionEdit edit = new();
        edit.NewFiles.Add((0, VersionEditCodecTests.File(1, "a", 1, "z", 10)));
        edit.NewFiles.Add((0, VersionEditCodecTests.File(2, "a", 11, "z", 20)));
        edit.NewFiles.Add((1, VersionEditCodecTests.File(3, "c", 2, "f", 2)));
        edit.NewFiles.Add((1, VersionEditCodecTests.File(4, "g", 3, "p", 3)));
        TreeVersion version = TreeVersion.Empty(null).Apply(edit, "MANIFEST");

        Assert.Empty(VersionInvariants.Find(version, "/db", exists: null));
        version.Release();
    }

    [Fact]
    public void Find_OverlappingTablesInL1_ReportsLevelOrder()
    {
        FileMetadata[][] levels = Levels(l1: [VersionEditCodecTests.File(3, "c", 2, "m", 2), VersionEditCodecTests.File(4, "k", 3, "p", 3)]);

        VerifyProblem problem = Assert.Single(VersionInvariants.Find(levels, "/db", exists: null));

        Assert.Equal(VerifyProblemKind.LevelOrder, problem.Kind);
        Assert.Equal(1, problem.Level);
        Assert.Equal(FileNames.Table("/db", 4), problem.FilePath);
    }

    [Fact]
    public void Find_TablesOfL1OutOfKeyOrder_ReportsLevelOrder()
    {
        FileMetadata[][] levels = Levels(l1: [VersionEditCodecTests.File(4, "k", 3, "p", 3), VersionEditCodecTests.File(3, "c", 2, "f", 2)]);

        Assert.Equal(VerifyProblemKind.LevelOrder, Assert.Single(VersionInvariants.Find(levels, "/db", exists: null)).Kind);
    }

    [Fact]
    public void Find_L0NotNewestFirst_ReportsLevelOrder()
    {
        FileMetadata[][] levels = Levels(l0: [VersionEditCodecTests.File(1, "a", 1, "z", 10), VersionEditCodecTests.File(2, "a", 11, "z", 20)]);

        VerifyProblem problem = Assert.Single(VersionInvariants.Find(levels, "/db", exists: null));

        Assert.Equal(VerifyProblemKind.LevelOrder, problem.Kind);
        Assert.Equal(0, problem.Level);
    }

    [Fact]
    public void Find_InvertedBounds_ReportsMetadataMismatch()
    {
        FileMetadata inverted = new(5, 100,
            ArrayInternalIterator.MakeKey("z"u8.ToArray(), 1, KeyKind.Set),
            ArrayInternalIterator.MakeKey("a"u8.ToArray(), 1, KeyKind.Set), 1, 1);

        VerifyProblem problem = Assert.Single(VersionInvariants.Find(Levels(l1: [inverted]), "/db", exists: null));

        Assert.Equal(VerifyProblemKind.MetadataMismatch, problem.Kind);
    }

    [Fact]
    public void Find_ListedFileMissing_ReportsMissingFile()
    {
        MemFileSystem fs = new();
        fs.CreateDirectory("/db");
        fs.WriteAllBytes(FileNames.Table("/db", 3), [1, 2, 3], sync: true);
        FileMetadata[][] levels = Levels(l0: [VersionEditCodecTests.File(3, "a", 5, "b", 5)], l1: [VersionEditCodecTests.File(4, "c", 2, "f", 2)]);

        VerifyProblem problem = Assert.Single(VersionInvariants.Find(levels, "/db", fs.Exists));

        Assert.Equal(VerifyProblemKind.MissingFile, problem.Kind);
        Assert.Equal(FileNames.Table("/db", 4), problem.FilePath);
    }

    [Fact]
    public void CheckAfterChange_BrokenVersion_ThrowsInvariantViolationOnlyWhenEnabled()
    {
        MemFileSystem fs = new();
        VersionEdit edit = new();
        edit.NewFiles.Add((1, VersionEditCodecTests.File(7, "a", 1, "b", 1)));
        TreeVersion missing = TreeVersion.Empty(null).Apply(edit, "MANIFEST");

        // Switched off, the check does nothing in any build.
        VersionInvariants.CheckAfterChange(missing, s_checked with { CheckInvariantsAfterVersionChange = false }, fs, "/db");
#if ENGINE_INVARIANTS
        Engine.Api.StorageException ex = Assert.Throws<Engine.Api.StorageException>(() => VersionInvariants.CheckAfterChange(missing, s_checked, fs, "/db"));
        Assert.Equal(Engine.Api.StorageErrorCode.Internal, ex.Code);
        Assert.Contains("MissingFile", ex.Message, StringComparison.Ordinal);
#else
        // Without ENGINE_INVARIANTS the call is compiled away, arguments and all.
        VersionInvariants.CheckAfterChange(missing, s_checked, fs, "/db");
#endif
        missing.Release();
    }

    [Fact]
    public void CheckAfterChange_EveryEditOfARunningStore_CatchesATableDeletedBehindItsBack()
    {
        MemFileSystem fs = new();
        using LsmDatabase db = LsmDatabase.Open(fs, "/db", s_checked);
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                db.Put(BitConverter.GetBytes(i), new byte[50]);
            }

            db.Flush();
        }

        // Flushes and compactions so far passed the check; now a listed table vanishes, and the next edit sees it.
        // Nothing may run in the background while the table is deleted, or a compaction reading it fails first.
        db.WaitForBackgroundIdle();
        string table = fs.List("/db").First(n => n.EndsWith(".sst", StringComparison.Ordinal));
        fs.Delete("/db/" + table);
        db.Put("after"u8, "the deletion"u8);
#if ENGINE_INVARIANTS
        Engine.Api.StorageException ex = Assert.ThrowsAny<Engine.Api.StorageException>(db.Flush);
        Assert.Contains("invariant violated", ex.Message, StringComparison.Ordinal);
#else
        db.Flush();
        Assert.Equal("the deletion"u8.ToArray(), db.Get("after"u8));
#endif
    }

    private static FileMetadata[][] Levels(FileMetadata[]? l0 = null, FileMetadata[]? l1 = null)
    {
        FileMetadata[][] levels = new FileMetadata[TreeVersion.LevelCount][];
        Array.Fill(levels, Array.Empty<FileMetadata>());
        levels[0] = l0 ?? [];
        levels[1] = l1 ?? [];
        return levels;
    }
}
