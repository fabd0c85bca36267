using System.Globalization;
using CsCheck;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Storage;

[Trait("Category", "Unit")]
public sealed class FaultInjectingFileSystemTests
{
    private static readonly string s_dir = Path.Combine("mem", "db");
    private readonly MemFileSystem _mem = new();
    private readonly FaultInjectingFileSystem _fs;
    private readonly ITestOutputHelper _output;

    public FaultInjectingFileSystemTests(ITestOutputHelper output)
    {
        _output = output;
        _mem.CreateDirectory(s_dir);
        _fs = new FaultInjectingFileSystem(_mem);
    }

    private static string At(string name) => Path.Combine(s_dir, name);

    [Fact]
    public void FailNth_FailsExactlyTheKthMatchingOperation_Once()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Sync, 3));
        using IWritableFile file = _fs.Create(At("wal"));

        file.Append([1]);
        file.Sync();
        file.Append([2]);
        using (IReadableFile reader = _fs.OpenRead(At("wal")))
        {
            reader.Read(0, new byte[2]);
        }

        file.Sync();
        file.Append([3]);
        Assert.Equal(0, _fs.FaultsInjected);

        StorageException ex = Assert.Throws<StorageException>(file.Sync);

        Assert.Equal(StorageErrorCode.Unavailable, ex.Code);
        Assert.Equal(1, _fs.FaultsInjected);
        file.Sync();
        file.Sync();
        Assert.Equal(1, _fs.FaultsInjected);
        Assert.Equal(5, _fs.OperationCount(FileOperationKind.Sync));
        Assert.Equal(3, _fs.OperationCount(FileOperationKind.Write));
        Assert.Equal(8, _fs.OperationCount(FileOperationKind.Sync | FileOperationKind.Write));
        Assert.Equal(1, _fs.OperationCount(FileOperationKind.Read));
    }

    [Fact]
    public void FailNth_AnyInterleaving_FailsOnlyTheKthOperationOfThatKind()
    {
        // Operations: 0 append, 1 sync, 2 read, 3 create, 4 rename, 5 list.
        Gen<(int K, List<int> Ops)> cases =
            from k in Gen.Int[1, 8]
            from ops in Gen.Int[0, 5].List
            select (k, ops);

        cases.Sample(_output, c => FailsExactlyAtKthSync(c.K, c.Ops), iter: 200);
    }

    [Fact]
    public void FailNth_SeveralKinds_CountsThemTogether()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Create | FileOperationKind.Rename, 3));
        _fs.Create(At("a")).Dispose();
        _fs.Rename(At("a"), At("b"));

        StorageException ex = Assert.Throws<StorageException>(() => _fs.Create(At("c")));

        Assert.Contains("injected", ex.Message, StringComparison.Ordinal);
        Assert.Contains(At("c"), ex.Message, StringComparison.Ordinal);
        Assert.False(_mem.Exists(At("c")));
    }

    [Fact]
    public void Sticky_KeepsFailingMatchingOperations_OnlyThoseKinds()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Write, 2) with { Sticky = true });
        using IWritableFile file = _fs.Create(At("wal"));
        file.Append([1]);

        for (int i = 0; i < 5; i++)
        {
            Assert.Throws<StorageException>(() => file.Append([2]));
            Assert.Throws<StorageException>(() => file.Truncate(0));
            file.Sync();
        }

        Assert.Equal(10, _fs.FaultsInjected);
        Assert.Equal([1], _mem.ReadAllBytes(At("wal")));
    }

    [Fact]
    public void Disable_HealsTheDisk()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.All, 1) with { Sticky = true });
        Assert.Throws<StorageException>(() => _fs.Create(At("f")));
        Assert.Throws<StorageException>(() => _fs.List(s_dir));

        _fs.Disable();

        using IWritableFile file = _fs.Create(At("f"));
        file.Append([1]);
        file.Sync();
        Assert.Null(_fs.Policy);
        Assert.Equal(["f"], _fs.List(s_dir));
    }

    [Fact]
    public void SetPolicy_RestartsTheCount()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Delete, 2));
        _fs.Delete(At("x"));

        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Delete, 2));

        _fs.Delete(At("x"));
        Assert.Throws<StorageException>(() => _fs.Delete(At("x")));
    }

    [Fact]
    public void DiskFull_ThrowsStorageFull()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Write, 1) with { Fault = InjectedFaultKind.DiskFull });
        using IWritableFile file = _fs.Create(At("wal"));

        StorageException ex = Assert.Throws<Engine.Api.StorageFullException>(() => file.Append([1, 2, 3]));

        Assert.Equal(StorageErrorCode.ResourceExhausted, ex.Code);
        Assert.Contains("injected", ex.Message, StringComparison.Ordinal);
        Assert.Contains(At("wal"), ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, file.Length);
        Assert.Empty(_mem.ReadAllBytes(At("wal")));
    }

    [Fact]
    public void TornWrites_FailingAppendLeavesStrictPrefix()
    {
        byte[] data = [.. Enumerable.Range(1, 100).Select(i => (byte)i)];
        HashSet<int> lengths = [];
        for (int seed = 0; seed < 20; seed++)
        {
            _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Write, 1) with { TornWrites = true, Seed = seed });
            using IWritableFile file = _fs.Create(At("wal"));

            Assert.Throws<StorageException>(() => file.Append(data));

            byte[] written = _mem.ReadAllBytes(At("wal"));
            Assert.InRange(written.Length, 0, data.Length - 1);
            Assert.Equal(data.AsSpan(0, written.Length).ToArray(), written);
            Assert.Equal(written.Length, file.Length);
            lengths.Add(written.Length);
        }

        Assert.True(lengths.Count > 1);
    }

    [Fact]
    public void Randomly_SameSeed_SameFaults_AndSomeOfEach()
    {
        int seed = TestSeed();

        bool[] first = RunRandomly(seed);
        bool[] second = RunRandomly(seed);

        Assert.Equal(first, second);
        Assert.InRange(first.Count(failed => failed), 1, first.Length - 1);
        Assert.NotEqual(first, RunRandomly(seed + 1));
    }

    [Fact]
    public void PathContains_OnlyMatchingPathsFail()
    {
        _fs.SetPolicy(FaultPolicy.FailNth(FileOperationKind.Create, 1) with { PathContains = "MANIFEST", Sticky = true });

        _fs.Create(At("000001.log")).Dispose();
        Assert.Throws<StorageException>(() => _fs.Create(At("MANIFEST-000002")));
        _fs.Create(At("000003.sst")).Dispose();
    }

    [Theory]
    [InlineData(nameof(FileOperationKind.Read))]
    [InlineData(nameof(FileOperationKind.Write))]
    [InlineData(nameof(FileOperationKind.Sync))]
    [InlineData(nameof(FileOperationKind.Create))]
    [InlineData(nameof(FileOperationKind.Open))]
    [InlineData(nameof(FileOperationKind.Rename))]
    [InlineData(nameof(FileOperationKind.Delete))]
    [InlineData(nameof(FileOperationKind.List))]
    [InlineData(nameof(FileOperationKind.Lock))]
    [InlineData(nameof(FileOperationKind.Metadata))]
    public void EachKind_FailsOnlyItsOwnOperations(string kindName)
    {
        FileOperationKind kind = Enum.Parse<FileOperationKind>(kindName);
        _mem.WriteAllBytes(At("f"), [1, 2, 3], sync: true);
        _mem.WriteAllBytes(At("g"), [], sync: true);
        using IWritableFile writer = _mem.OpenForAppend(At("f"));
        (FileOperationKind Kind, Action Run)[] operations =
        [
            (FileOperationKind.Read, () => { using IReadableFile r = _mem.OpenRead(At("f")); new FaultInjectingReadableFile(_fs, r).Read(0, new byte[1]); }),
            (FileOperationKind.Write, () => new FaultInjectingWritableFile(_fs, writer).Append([4])),
            (FileOperationKind.Sync, () => new FaultInjectingWritableFile(_fs, writer).Sync()),
            (FileOperationKind.Create, () => _fs.Create(At("g")).Dispose()),
            (FileOperationKind.Open, () => _fs.OpenMapped(At("f")).Dispose()),
            (FileOperationKind.Rename, () => _fs.Rename(At("g"), At("h"))),
            (FileOperationKind.Delete, () => _fs.Delete(At("h"))),
            (FileOperationKind.List, () => _fs.List(s_dir)),
            (FileOperationKind.Lock, () => _fs.Lock(At("LOCK")).Dispose()),
            (FileOperationKind.Metadata, () => _fs.GetLength(At("f"))),
        ];
        _fs.SetPolicy(FaultPolicy.FailNth(kind, 1) with { Sticky = true });

        foreach ((FileOperationKind operationKind, Action run) in operations)
        {
            if (operationKind == kind)
            {
                StorageException ex = Assert.Throws<StorageException>(run);
                Assert.Equal(StorageErrorCode.Unavailable, ex.Code);
                Assert.Contains("injected", ex.Message, StringComparison.Ordinal);
            }
            else
            {
                run();
            }
        }

        Assert.Equal(1, _fs.FaultsInjected);
        Assert.True(_fs.Exists(At("f")));
        Assert.True(_fs.DirectoryExists(s_dir));
    }

    [Fact]
    public void SetPolicy_InvalidProbability_ThrowsInvalidArgument()
    {
        StorageException ex = Assert.Throws<StorageException>(
            () => _fs.SetPolicy(FaultPolicy.Randomly(FileOperationKind.All, 2, 1)));

        Assert.Equal(StorageErrorCode.InvalidArgument, ex.Code);
    }

    private static bool FailsExactlyAtKthSync(int k, List<int> ops)
    {
        MemFileSystem mem = new();
        mem.CreateDirectory(s_dir);
        FaultInjectingFileSystem fs = new(mem, FaultPolicy.FailNth(FileOperationKind.Sync, k));
        using IWritableFile file = fs.Create(At("wal"));
        int syncs = 0;
        int names = 0;
        foreach (int op in ops)
        {
            bool isKthSync = op == 1 && ++syncs == k;
            try
            {
                switch (op)
                {
                    case 0:
                        file.Append([1]);
                        break;
                    case 1:
                        file.Sync();
                        break;
                    case 2:
                        using (IReadableFile reader = fs.OpenRead(At("wal")))
                        {
                            reader.Read(0, new byte[1]);
                        }

                        break;
                    case 3:
                        fs.Create(At($"f{++names}")).Dispose();
                        break;
                    case 4:
                        fs.Rename(At("wal"), At("wal2"));
                        fs.Rename(At("wal2"), At("wal"));
                        break;
                    default:
                        fs.List(s_dir);
                        break;
                }

                if (isKthSync)
                {
                    return false;
                }
            }
            catch (StorageException ex) when (ex.Code == StorageErrorCode.Unavailable)
            {
                if (!isKthSync)
                {
                    return false;
                }
            }
        }

        return fs.FaultsInjected == (syncs >= k ? 1 : 0);
    }

    private static bool[] RunRandomly(int seed)
    {
        MemFileSystem mem = new();
        mem.CreateDirectory(s_dir);
        FaultInjectingFileSystem fs = new(mem, FaultPolicy.Randomly(FileOperationKind.Write, 0.3, seed));
        using IWritableFile file = fs.Create(At("wal"));
        bool[] failed = new bool[200];
        for (int i = 0; i < failed.Length; i++)
        {
            try
            {
                file.Append([(byte)i]);
                file.Sync();
            }
            catch (StorageException)
            {
                failed[i] = true;
            }
        }

        return failed;
    }

    private int TestSeed()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("ENGINE_TEST_SEED");
        int seed = fromEnvironment is null ? Random.Shared.Next() : int.Parse(fromEnvironment, CultureInfo.InvariantCulture);
        _output.WriteLine($"seed {seed} (replay with ENGINE_TEST_SEED={seed})");
        return seed;
    }
}
