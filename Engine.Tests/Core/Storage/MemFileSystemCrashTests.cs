using Engine.Core.Storage;

namespace Engine.Tests.Core.Storage;

/// <summary>What <see cref="MemFileSystem.CrashClone(CrashOptions)"/> keeps, case by case.</summary>
[Trait("Category", "Unit")]
public sealed class MemFileSystemCrashTests
{
    private static readonly string s_dir = Path.Combine("mem", "db");
    private readonly MemFileSystem _fs = new();

    public MemFileSystemCrashTests()
    {
        _fs.CreateDirectory(s_dir);
    }

    private static string At(string name) => Path.Combine(s_dir, name);

    [Fact]
    public void UnsyncedAppend_KeepNone_Vanishes_KeepAll_Survives()
    {
        using IWritableFile file = _fs.Create(At("wal"));
        file.Append([1, 2]);
        file.Sync();
        file.Append([3]);

        Assert.Equal([1, 2], _fs.CrashClone(CrashOptions.KeepNone).ReadAllBytes(At("wal")));
        Assert.Equal([1, 2, 3], _fs.CrashClone(CrashOptions.KeepAll).ReadAllBytes(At("wal")));
        Assert.Equal([1, 2], _fs.CrashClone().ReadAllBytes(At("wal")));
    }

    [Fact]
    public void CreatedNeverSynced_KeepNone_DoesNotExist()
    {
        using IWritableFile file = _fs.Create(At("new"));
        file.Append([1]);

        MemFileSystem crashed = _fs.CrashClone();

        Assert.False(crashed.Exists(At("new")));
        Assert.Empty(crashed.List(s_dir));
        Assert.True(_fs.CrashClone(CrashOptions.KeepAll).Exists(At("new")));
    }

    [Fact]
    public void SyncOfOneFile_DoesNotMakeAnotherFileDurable()
    {
        using IWritableFile a = _fs.Create(At("a"));
        using IWritableFile b = _fs.Create(At("b"));
        a.Append([1]);
        b.Append([2]);

        b.Sync();

        MemFileSystem crashed = _fs.CrashClone();
        Assert.Equal(["b"], crashed.List(s_dir));
        Assert.Equal([2], crashed.ReadAllBytes(At("b")));
    }

    [Fact]
    public void SyncedRename_Survives()
    {
        using (IWritableFile tmp = _fs.Create(At("CURRENT.tmp")))
        {
            tmp.Append([7]);
            tmp.Sync();
            _fs.Rename(At("CURRENT.tmp"), At("CURRENT"));
            tmp.Sync();
        }

        MemFileSystem crashed = _fs.CrashClone();

        Assert.Equal(["CURRENT"], crashed.List(s_dir));
        Assert.Equal([7], crashed.ReadAllBytes(At("CURRENT")));
    }

    [Fact]
    public void SyncThroughReopenedTarget_MakesRenameDurable()
    {
        _fs.WriteAllBytes(At("a"), [1], sync: true);
        _fs.Rename(At("a"), At("b"));

        using (IWritableFile reopened = _fs.OpenForAppend(At("b")))
        {
            reopened.Sync();
        }

        Assert.Equal(["b"], _fs.CrashClone().List(s_dir));
    }

    [Fact]
    public void UnsyncedRename_KeepNone_IsUndone()
    {
        _fs.WriteAllBytes(At("CURRENT"), [1], sync: true);
        _fs.WriteAllBytes(At("CURRENT.tmp"), [2], sync: true);

        _fs.Rename(At("CURRENT.tmp"), At("CURRENT"));

        MemFileSystem crashed = _fs.CrashClone();
        Assert.Equal([1], crashed.ReadAllBytes(At("CURRENT")));
        Assert.Equal([2], crashed.ReadAllBytes(At("CURRENT.tmp")));

        MemFileSystem kept = _fs.CrashClone(CrashOptions.KeepAll);
        Assert.Equal(["CURRENT"], kept.List(s_dir));
        Assert.Equal([2], kept.ReadAllBytes(At("CURRENT")));
    }

    [Fact]
    public void SyncedRenameOverTarget_ReplacesTargetDurably()
    {
        _fs.WriteAllBytes(At("b"), [1], sync: true);
        using IWritableFile a = _fs.Create(At("a"));
        a.Append([2]);

        _fs.Rename(At("a"), At("b"));
        a.Sync();

        MemFileSystem crashed = _fs.CrashClone();
        Assert.Equal(["b"], crashed.List(s_dir));
        Assert.Equal([2], crashed.ReadAllBytes(At("b")));
    }

    [Fact]
    public void LaterSyncOfReplacedFile_DoesNotResurrectItOverTheRename()
    {
        // y's create is older than the rename that replaced it; making it durable later must not undo the rename.
        using IWritableFile y = _fs.Create(At("b"));
        y.Append([1]);
        _fs.WriteAllBytes(At("a"), [2], sync: true);
        _fs.Rename(At("a"), At("b"));
        _fs.OpenForAppend(At("b")).Sync();

        y.Sync();

        Assert.Equal([2], _fs.CrashClone().ReadAllBytes(At("b")));
        Assert.Equal([2], _fs.CrashClone(CrashOptions.KeepAll).ReadAllBytes(At("b")));
    }

    [Fact]
    public void Delete_KeepNone_IsUndone_KeepAll_Stays()
    {
        _fs.WriteAllBytes(At("old.sst"), [1, 2], sync: true);
        _fs.WriteAllBytes(At("other"), [3], sync: true);

        _fs.Delete(At("old.sst"));
        _fs.OpenForAppend(At("other")).Sync();

        Assert.Equal([1, 2], _fs.CrashClone().ReadAllBytes(At("old.sst")));
        Assert.False(_fs.CrashClone(CrashOptions.KeepAll).Exists(At("old.sst")));
    }

    [Fact]
    public void DeletedWhileOpen_ThenSynced_ReappearsAfterCrash()
    {
        using IWritableFile file = _fs.Create(At("f"));
        file.Append([1]);
        _fs.Delete(At("f"));

        file.Sync();

        Assert.False(_fs.Exists(At("f")));
        Assert.Equal([1], _fs.CrashClone().ReadAllBytes(At("f")));
    }

    [Fact]
    public void CreateOverExistingFile_Unsynced_KeepNone_RestoresOldContents()
    {
        _fs.WriteAllBytes(At("f"), [1, 2, 3], sync: true);

        _fs.WriteAllBytes(At("f"), [9], sync: false);

        Assert.Equal([1, 2, 3], _fs.CrashClone().ReadAllBytes(At("f")));
        Assert.Equal([9], _fs.CrashClone(CrashOptions.KeepAll).ReadAllBytes(At("f")));
    }

    [Fact]
    public void Truncate_IsDurableOnlyAfterSync()
    {
        using IWritableFile file = _fs.Create(At("f"));
        file.Append([1, 2, 3, 4]);
        file.Sync();
        file.Truncate(1);

        Assert.Equal([1, 2, 3, 4], _fs.CrashClone().ReadAllBytes(At("f")));

        file.Sync();

        Assert.Equal([1], _fs.CrashClone().ReadAllBytes(At("f")));
    }

    [Fact]
    public void CrashClone_KeepsDirectories_AndReleasesLocks()
    {
        _fs.CreateDirectory(Path.Combine(s_dir, "sub"));
        using IDisposable held = _fs.Lock(At("LOCK"));

        MemFileSystem crashed = _fs.CrashClone();

        Assert.True(crashed.DirectoryExists(Path.Combine(s_dir, "sub")));
        using IDisposable relocked = crashed.Lock(At("LOCK"));
    }

    [Fact]
    public void CrashClone_LeavesOriginalAndItsOpenFilesAlone()
    {
        using IWritableFile file = _fs.Create(At("f"));
        file.Append([1]);
        file.Sync();
        file.Append([2]);

        MemFileSystem crashed = _fs.CrashClone();
        file.Append([3]);
        file.Sync();
        crashed.WriteAllBytes(At("g"), [4], sync: true);

        Assert.Equal([1, 2, 3], _fs.ReadAllBytes(At("f")));
        Assert.False(_fs.Exists(At("g")));
        Assert.Equal([1], crashed.ReadAllBytes(At("f")));
    }

    [Fact]
    public void FlipBit_SurvivesCrash()
    {
        _fs.WriteAllBytes(At("f"), [0, 0], sync: true);
        using IWritableFile file = _fs.OpenForAppend(At("f"));
        file.Append([0, 0]);

        _fs.FlipBit(At("f"), 0);
        _fs.FlipBit(At("f"), 3 * 8);

        Assert.Equal([1, 0], _fs.CrashClone().ReadAllBytes(At("f")));
        Assert.Equal([1, 0, 0, 1], _fs.CrashClone(CrashOptions.KeepAll).ReadAllBytes(At("f")));
    }

    [Fact]
    public void CrashClone_OfCrashClone_KeepNone_IsEqual()
    {
        _fs.WriteAllBytes(At("a"), [1, 2], sync: true);
        using IWritableFile b = _fs.Create(At("b"));
        b.Append([3, 4, 5]);
        _fs.Rename(At("a"), At("c"));

        MemFileSystem first = _fs.CrashClone(CrashOptions.KeepAll with { TearLastWrite = true, Seed = 3 });
        MemFileSystem second = first.CrashClone();

        Assert.Equal(0, first.TotalUnsyncedBytes);
        Assert.Equal(Snapshot(first), Snapshot(second));
        Assert.Equal(["b", "c"], second.List(s_dir));
    }

    [Fact]
    public void TearLastWrite_KeepsStrictPrefixOfLastWrite()
    {
        byte[] last = [.. Enumerable.Range(1, 100).Select(i => (byte)i)];
        using IWritableFile file = _fs.Create(At("wal"));
        file.Append([0xAA]);
        file.Sync();
        file.Append([0xBB, 0xBB]);
        file.Append(last);

        CrashOptions options = CrashOptions.KeepAll with { TearLastWrite = true, Seed = 42 };
        byte[] torn = _fs.CrashClone(options).ReadAllBytes(At("wal"));

        Assert.InRange(torn.Length, 3, 3 + last.Length - 1);
        Assert.Equal([0xAA, 0xBB, 0xBB, .. last.AsSpan(0, torn.Length - 3)], torn);
        Assert.Equal(torn, _fs.CrashClone(options).ReadAllBytes(At("wal")));
    }

    [Fact]
    public void TearLastWrite_WithKeepNone_KeepsExactlyTheSyncedBytes()
    {
        using IWritableFile file = _fs.Create(At("wal"));
        file.Append([1, 2]);
        file.Sync();
        file.Append([3, 4]);

        Assert.Equal([1, 2], _fs.CrashClone(CrashOptions.KeepNone with { TearLastWrite = true }).ReadAllBytes(At("wal")));
    }

    [Fact]
    public void CommitDirectoryOperations_MakesDeletesAndCreatesDurable_ButNotData()
    {
        _fs.WriteAllBytes(At("old"), [1], sync: true);
        _fs.Delete(At("old"));
        using IWritableFile file = _fs.Create(At("new"));
        file.Append([2]);

        _fs.CommitDirectoryOperations();

        MemFileSystem crashed = _fs.CrashClone();
        Assert.Equal(["new"], crashed.List(s_dir));
        Assert.Empty(crashed.ReadAllBytes(At("new")));
    }

    [Fact]
    public void ConcurrentWritersAndReaders_SeeConsistentFiles()
    {
        Parallel.For(0, 8, i =>
        {
            string path = At($"f{i}");
            using IWritableFile file = _fs.Create(path);
            for (int j = 0; j < 200; j++)
            {
                file.Append([(byte)i, (byte)j]);
                if (j % 50 == 0)
                {
                    file.Sync();
                }

                byte[] read = new byte[2];
                using IReadableFile reader = _fs.OpenRead(path);
                Assert.Equal(2, reader.Read(2L * j, read));
                Assert.Equal([(byte)i, (byte)j], read);
            }

            file.Sync();
        });

        MemFileSystem crashed = _fs.CrashClone();
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(400, crashed.ReadAllBytes(At($"f{i}")).Length);
        }
    }

    [Fact]
    public void CrashOptions_ProbabilityOutOfRange_ThrowsInvalidArgument()
    {
        Engine.Api.StorageException ex = Assert.Throws<Engine.Api.StorageException>(
            () => _fs.CrashClone(CrashOptions.Random(1) with { KeepProbability = 1.5 }));

        Assert.Equal(Engine.Api.StorageErrorCode.InvalidArgument, ex.Code);
    }

    internal static SortedDictionary<string, byte[]> Snapshot(MemFileSystem fs, string? directory = null)
    {
        directory ??= s_dir;
        SortedDictionary<string, byte[]> files = new(StringComparer.Ordinal);
        foreach (string name in fs.List(directory))
        {
            files[name] = fs.ReadAllBytes(Path.Combine(directory, name));
        }

        return files;
    }
}
