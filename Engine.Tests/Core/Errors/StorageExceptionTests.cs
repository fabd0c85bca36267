using Engine.Core.Errors;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Tests.Core.Errors;

[Trait("Category", "Unit")]
public sealed class StorageExceptionTests
{
    [Fact]
    public void CorruptionException_NamesFileAndOffset()
    {
        CorruptionException ex = Assert.Throws<CorruptionException>(() => ThrowHelper.ThrowCorruption("db/000007.sst", 4096, "block checksum mismatch"));

        Assert.Equal(StorageErrorCode.Corruption, ex.Code);
        Assert.Equal("db/000007.sst", ex.FilePath);
        Assert.Equal(4096, ex.Offset);
        Assert.Contains("000007.sst", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<StorageException>(ex);
    }

    [Theory]
    [InlineData(28, StorageErrorCode.ResourceExhausted)]
    [InlineData(5, StorageErrorCode.Unavailable)]
    public void FromIOException_MapsDiskFullToResourceExhausted(int errno, StorageErrorCode expected)
    {
        IOException io = new("boom", errno);

        StorageException ex = ThrowHelper.FromIOException("db/LOG", io);

        Assert.Equal(expected, ex.Code);
        Assert.Same(io, ex.InnerException);
        Assert.Contains("db/LOG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_StartsWithCode()
    {
        StorageException ex = new(StorageErrorCode.ReadOnly, "store is read-only");

        Assert.StartsWith("ReadOnly:", ex.Message, StringComparison.Ordinal);
    }
}
