using Engine.Core.Storage;
using Engine.Tests.Infrastructure;

namespace Engine.Tests.Core.Storage;

/// <summary>The shared file-system behaviour on the real disk, in a fresh temporary directory per test.</summary>
[Trait("Category", "Disk")]
public sealed class LocalFileSystemTests : FileSystemBehaviorTests, IDisposable
{
    private readonly TempDirectory _directory;

    public LocalFileSystemTests()
        : this(new TempDirectory("fs"))
    {
    }

    private LocalFileSystemTests(TempDirectory directory)
        : base(LocalFileSystem.Instance, directory.Path)
    {
        _directory = directory;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Lock_DisposedTwice_IsHarmless()
    {
        IDisposable first = Fs.Lock(At("LOCK"));
        first.Dispose();
        first.Dispose();

        using IDisposable second = Fs.Lock(At("LOCK"));
    }

    [Fact]
    public void OpenMapped_FileDeletedWhileMapped_StaysReadable()
    {
        Write("t.sst", [4, 5, 6]);
        using IMappedFile mapped = Fs.OpenMapped(At("t.sst"));

        Fs.Delete(At("t.sst"));

        Assert.Equal([4, 5, 6], mapped.GetSpan(0, 3).ToArray());
    }
}
