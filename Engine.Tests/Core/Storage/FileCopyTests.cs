using Engine.Core.Storage;
using Engine.Tests.Infrastructure;

using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Storage;

[Trait("Category", "Unit")]
public sealed class FileCopyTests
{
    [Theory]
    [InlineData(false, 0)]
    [InlineData(false, 1)]
    [InlineData(false, FileCopy.BufferSizeBytes + 17)]
    [InlineData(true, (2 * FileCopy.BufferSizeBytes) + 5)]
    public void Copy_AnyLength_CopiesEveryByteAndSyncs(bool localDisk, int length)
    {
        using StoreLocation location = new(localDisk);
        location.Fs.CreateDirectory(location.Root);
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        string source = location.Combine("source");
        string destination = location.Combine("destination");
        location.WriteFile(source, data);

        long copied = FileCopy.Copy(location.Fs, source, destination);

        Assert.Equal(length, copied);
        Assert.Equal(data, ReadAll(location.Fs, destination));
        if (location.Fs is MemFileSystem mem)
        {
            Assert.Equal(data, ReadAll(mem.CrashClone(), destination));
        }
    }

    [Fact]
    public void Copy_ReplacesAnExistingDestination_AndCopiesAcrossFileSystems()
    {
        MemFileSystem from = new();
        MemFileSystem to = new();
        from.WriteAllBytes("/a", "new contents"u8, sync: true);
        to.WriteAllBytes("/b", "old contents that are longer"u8, sync: true);

        FileCopy.Copy(from, "/a", to, "/b");

        Assert.Equal("new contents"u8.ToArray(), to.ReadAllBytes("/b"));
    }

    [Fact]
    public void Copy_MissingSource_ThrowsNotFound()
    {
        MemFileSystem fs = new();

        StorageException ex = Assert.Throws<StorageException>(() => FileCopy.Copy(fs, "/missing", "/copy"));

        Assert.Equal(StorageErrorCode.NotFound, ex.Code);
    }

    private static byte[] ReadAll(IFileSystem fs, string path)
    {
        using IReadableFile file = fs.OpenRead(path);
        byte[] bytes = new byte[file.Length];
        Assert.Equal(bytes.Length, file.Read(0, bytes));
        return bytes;
    }
}
