using Engine.Core.Storage;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Storage;

/// <summary>The shared file-system behaviour on <see cref="MemFileSystem"/>, plus its test-only extras.</summary>
[Trait("Category", "Unit")]
public sealed class MemFileSystemTests : FileSystemBehaviorTests
{
    private static readonly string s_root = Path.Combine("mem", "db");

    public MemFileSystemTests()
        : base(NewFileSystem(), s_root)
    {
    }

    private MemFileSystem Mem => (MemFileSystem)Fs;

    [Fact]
    public void WriteAllBytes_ReadAllBytes_RoundTrip()
    {
        Mem.WriteAllBytes(At("f"), [1, 2, 3], sync: false);

        Assert.Equal([1, 2, 3], Mem.ReadAllBytes(At("f")));
        Assert.Equal(3, Mem.TotalUnsyncedBytes);
    }

    [Fact]
    public void TotalUnsyncedBytes_CountsAppends_AndSyncResetsThem()
    {
        using IWritableFile a = Fs.Create(At("a"));
        using IWritableFile b = Fs.Create(At("b"));
        a.Append(new byte[10]);
        b.Append(new byte[5]);
        Assert.Equal(15, Mem.TotalUnsyncedBytes);

        a.Sync();

        Assert.Equal(5, Mem.TotalUnsyncedBytes);
    }

    [Fact]
    public void FlipBit_ChangesOneBit()
    {
        Mem.WriteAllBytes(At("f"), [0, 0, 0], sync: true);

        Mem.FlipBit(At("f"), 13);

        Assert.Equal([0, 0x20, 0], Mem.ReadAllBytes(At("f")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mem.FlipBit(At("f"), 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mem.FlipBit(At("f"), -1));
    }

    [Fact]
    public void Handles_AfterDispose_ThrowObjectDisposed()
    {
        IWritableFile writer = Fs.Create(At("f"));
        writer.Dispose();
        IReadableFile reader = Fs.OpenRead(At("f"));
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.Append([1]));
        Assert.Throws<ObjectDisposedException>(writer.Sync);
        Assert.Throws<ObjectDisposedException>(() => reader.Read(0, new byte[1]));
    }

    [Fact]
    public void OpenMapped_IsSnapshot()
    {
        using IWritableFile writer = Fs.Create(At("f"));
        writer.Append([1, 2]);
        using IMappedFile mapped = Fs.OpenMapped(At("f"));

        writer.Append([3]);

        Assert.Equal(2, mapped.Length);
        Assert.Equal([1, 2], mapped.GetSpan(0, 2).ToArray());
    }

    [Fact]
    public void CreateDirectory_OverFile_ThrowsAlreadyExists()
    {
        Mem.WriteAllBytes(At("f"), [1], sync: true);

        StorageException ex = Assert.Throws<StorageException>(() => Fs.CreateDirectory(At("f")));

        Assert.Equal(StorageErrorCode.AlreadyExists, ex.Code);
    }

    private static MemFileSystem NewFileSystem()
    {
        MemFileSystem fs = new();
        fs.CreateDirectory(s_root);
        return fs;
    }
}
