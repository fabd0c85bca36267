using Engine.Core.Storage;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Storage;

/// <summary>
/// The behaviour every <see cref="IFileSystem"/> shares, written once and run against each implementation by a
/// sealed subclass that supplies the file system and an existing root directory.
/// </summary>
public abstract class FileSystemBehaviorTests
{
    private protected FileSystemBehaviorTests(IFileSystem fileSystem, string root)
    {
        Fs = fileSystem;
        Root = root;
    }

    private protected IFileSystem Fs { get; }

    private protected string Root { get; }

    private protected string At(string name) => Path.Combine(Root, name);

    private protected void Write(string name, byte[] data)
    {
        using IWritableFile file = Fs.Create(At(name));
        file.Append(data);
        file.Sync();
    }

    private protected byte[] ReadAll(string name)
    {
        using IReadableFile file = Fs.OpenRead(At(name));
        byte[] buffer = new byte[file.Length];
        Assert.Equal(buffer.Length, file.Read(0, buffer));
        return buffer;
    }

    private static byte[] Bytes(int count, int seed)
    {
        byte[] data = new byte[count];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Create_AppendSyncRead_RoundTrips()
    {
        byte[] first = Bytes(100, 1);
        byte[] second = Bytes(5000, 2);
        using (IWritableFile file = Fs.Create(At("a.log")))
        {
            Assert.Equal(At("a.log"), file.Path);
            Assert.Equal(0, file.Length);
            file.Append(first);
            file.Append(ReadOnlySpan<byte>.Empty);
            file.Append(second);
            Assert.Equal(5100, file.Length);
            file.Sync();
        }

        Assert.True(Fs.Exists(At("a.log")));
        Assert.Equal(5100, Fs.GetLength(At("a.log")));
        Assert.Equal([.. first, .. second], ReadAll("a.log"));
    }

    [Fact]
    public void Append_ThenFlush_IsVisibleToReaders()
    {
        using IWritableFile writer = Fs.Create(At("wal"));
        writer.Append([1, 2, 3]);
        writer.Flush();

        using IReadableFile reader = Fs.OpenRead(At("wal"));
        byte[] buffer = new byte[3];

        Assert.Equal(3, reader.Length);
        Assert.Equal(3, reader.Read(0, buffer));
        Assert.Equal([1, 2, 3], buffer);
    }

    [Fact]
    public void Read_PastEnd_ReturnsShortCountThenZero()
    {
        Write("f", [1, 2, 3, 4, 5]);
        using IReadableFile file = Fs.OpenRead(At("f"));
        byte[] buffer = new byte[4];

        Assert.Equal(2, file.Read(3, buffer));
        Assert.Equal([4, 5], buffer[..2]);
        Assert.Equal(0, file.Read(5, buffer));
        Assert.Equal(0, file.Read(100, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Read(-1, buffer));
    }

    [Fact]
    public void Create_ExistingFile_StartsEmpty()
    {
        Write("f", Bytes(50, 3));

        using (IWritableFile file = Fs.Create(At("f")))
        {
            file.Append([9]);
        }

        Assert.Equal([9], ReadAll("f"));
    }

    [Fact]
    public void OpenForAppend_ExistingFile_ContinuesAtEnd()
    {
        Write("f", [1, 2]);

        using (IWritableFile file = Fs.OpenForAppend(At("f")))
        {
            Assert.Equal(2, file.Length);
            file.Append([3]);
            Assert.Equal(3, file.Length);
            file.Sync();
        }

        Assert.Equal([1, 2, 3], ReadAll("f"));
    }

    [Fact]
    public void Truncate_CutsFile_AndNextAppendGoesThere()
    {
        using (IWritableFile file = Fs.Create(At("f")))
        {
            file.Append([1, 2, 3, 4, 5]);
            file.Truncate(2);
            Assert.Equal(2, file.Length);
            file.Append([7]);
            file.Sync();
        }

        Assert.Equal([1, 2, 7], ReadAll("f"));
    }

    [Fact]
    public void Truncate_BeyondEnd_ExtendsWithZeros()
    {
        using (IWritableFile file = Fs.Create(At("f")))
        {
            file.Append([1]);
            file.Truncate(4);
            file.Append([2]);
        }

        Assert.Equal([1, 0, 0, 0, 2], ReadAll("f"));
    }

    [Fact]
    public void OpenMapped_ReturnsTheFileBytes()
    {
        byte[] data = Bytes(10_000, 4);
        Write("t.sst", data);

        using IMappedFile mapped = Fs.OpenMapped(At("t.sst"));

        Assert.Equal(At("t.sst"), mapped.Path);
        Assert.Equal(data.Length, mapped.Length);
        Assert.True(mapped.GetSpan(0, data.Length).SequenceEqual(data));
        Assert.True(mapped.GetSpan(4097, 100).SequenceEqual(data.AsSpan(4097, 100)));
        Assert.True(mapped.GetSpan(data.Length, 0).IsEmpty);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    [InlineData(0, 101)]
    [InlineData(100, 1)]
    [InlineData(101, 0)]
    [InlineData(long.MaxValue, 1)]
    public void GetSpan_OutsideFile_ThrowsArgumentOutOfRange(long offset, int length)
    {
        Write("t.sst", Bytes(100, 5));
        using IMappedFile mapped = Fs.OpenMapped(At("t.sst"));

        Assert.Throws<ArgumentOutOfRangeException>(() => mapped.GetSpan(offset, length).Length);
    }

    [Fact]
    public void OpenMapped_EmptyFile_IsEmptyMapping()
    {
        Write("empty", []);

        using IMappedFile mapped = Fs.OpenMapped(At("empty"));

        Assert.Equal(0, mapped.Length);
        Assert.True(mapped.GetSpan(0, 0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => mapped.GetSpan(0, 1).Length);
    }

    [Fact]
    public void GetSpan_AfterDispose_ThrowsObjectDisposed()
    {
        Write("t.sst", Bytes(10, 6));
        IMappedFile mapped = Fs.OpenMapped(At("t.sst"));
        mapped.Dispose();
        mapped.Dispose();

        Assert.Throws<ObjectDisposedException>(() => mapped.GetSpan(0, 1).Length);
    }

    [Fact]
    public void Rename_ReplacesTarget()
    {
        Write("CURRENT", [1]);
        Write("CURRENT.tmp", [2, 2]);

        Fs.Rename(At("CURRENT.tmp"), At("CURRENT"));

        Assert.False(Fs.Exists(At("CURRENT.tmp")));
        Assert.Equal([2, 2], ReadAll("CURRENT"));
    }

    [Fact]
    public void Rename_ToNewName_MovesFile()
    {
        Write("a", [5]);

        Fs.Rename(At("a"), At("b"));

        Assert.Equal(["b"], Fs.List(Root));
        Assert.Equal([5], ReadAll("b"));
    }

    [Fact]
    public void Delete_RemovesFile_AndMissingFileIsNoOp()
    {
        Write("a", [5]);

        Fs.Delete(At("a"));
        Fs.Delete(At("a"));
        Fs.Delete(Path.Combine(Root, "no-such-dir", "x"));

        Assert.False(Fs.Exists(At("a")));
        Assert.Empty(Fs.List(Root));
    }

    [Fact]
    public void Delete_WhileOpen_HandleStillReads()
    {
        Write("old.sst", [1, 2, 3]);
        using IReadableFile reader = Fs.OpenRead(At("old.sst"));

        Fs.Delete(At("old.sst"));

        byte[] buffer = new byte[3];
        Assert.Equal(3, reader.Read(0, buffer));
        Assert.Equal([1, 2, 3], buffer);
        Assert.False(Fs.Exists(At("old.sst")));
    }

    [Fact]
    public void List_ReturnsFileNamesInOrdinalOrder_WithoutDirectories()
    {
        foreach (string name in new[] { "b", "B", "a.log", "000010.sst", "000002.sst" })
        {
            Write(name, [1]);
        }

        Fs.CreateDirectory(At("subdir"));
        Write(Path.Combine("subdir", "inner"), [1]);

        Assert.Equal(["000002.sst", "000010.sst", "B", "a.log", "b"], Fs.List(Root));
        Assert.Equal(["inner"], Fs.List(At("subdir")));
    }

    [Fact]
    public void CreateDirectory_CreatesParents_AndIsIdempotent()
    {
        string nested = Path.Combine(Root, "x", "y", "z");

        Fs.CreateDirectory(nested);
        Fs.CreateDirectory(nested);

        Assert.True(Fs.DirectoryExists(nested));
        Assert.True(Fs.DirectoryExists(At("x")));
        Assert.False(Fs.DirectoryExists(At("w")));
        Assert.False(Fs.Exists(nested));
    }

    [Fact]
    public void MissingFile_ThrowsNotFound()
    {
        string missing = At("missing");

        AssertNotFound(() => Fs.OpenRead(missing).Dispose(), missing);
        AssertNotFound(() => Fs.OpenMapped(missing).Dispose(), missing);
        AssertNotFound(() => Fs.OpenForAppend(missing).Dispose(), missing);
        AssertNotFound(() => Fs.GetLength(missing), missing);
        AssertNotFound(() => Fs.Rename(missing, At("other")), missing);
        AssertNotFound(() => Fs.Create(Path.Combine(Root, "no-dir", "f")).Dispose(), "no-dir");
        AssertNotFound(() => Fs.List(At("no-dir")), "no-dir");
        Assert.False(Fs.Exists(missing));
    }

    [Fact]
    public void Lock_SecondLockOfSamePath_FailsUntilFirstIsDisposed()
    {
        string lockPath = At("LOCK");
        IDisposable first = Fs.Lock(lockPath);

        Engine.Api.DatabaseLockedException ex = Assert.Throws<Engine.Api.DatabaseLockedException>(() => Fs.Lock(lockPath).Dispose());
        Assert.Equal(StorageErrorCode.FailedPrecondition, ex.Code);
        Assert.Equal(lockPath, ex.LockPath);
        Assert.Contains($"'{Root}' is already open", ex.Message, StringComparison.Ordinal);
        Assert.Contains(lockPath, ex.Message, StringComparison.Ordinal);
        Assert.True(Fs.Exists(lockPath));

        first.Dispose();
        using IDisposable again = Fs.Lock(lockPath);
    }

    [Fact]
    public void Lock_OtherDirectory_IsNotBlocked()
    {
        Fs.CreateDirectory(At("other"));
        using IDisposable first = Fs.Lock(At("LOCK"));

        using IDisposable second = Fs.Lock(Path.Combine(Root, "other", "LOCK"));

        Assert.True(Fs.Exists(Path.Combine(Root, "other", "LOCK")));
    }

    private static void AssertNotFound(Action action, string pathPart)
    {
        StorageException ex = Assert.Throws<StorageException>(action);
        Assert.Equal(StorageErrorCode.NotFound, ex.Code);
        Assert.Contains(pathPart, ex.Message, StringComparison.Ordinal);
    }
}
