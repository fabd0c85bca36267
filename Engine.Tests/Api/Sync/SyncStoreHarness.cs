using Engine.Api;
using Engine.Api.Sync;
using Engine.Core.Storage;
using Engine.Lsm.Db;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Sync;

/// <summary>
/// Opens sync stores on one in-memory file system with a controllable clock, so a test can close, reopen and move time.
/// </summary>
internal sealed class SyncStoreHarness
{
    /// <summary>The path of the harness's store on <see cref="Fs"/>.</summary>
    public const string StorePath = "/sync";

    /// <summary>A clock starting at a fixed instant, so ids and stamps are reproducible.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public MemFileSystem Fs { get; } = new();

    /// <summary>Opens (or creates) the store.</summary>
    public SyncStore Open(SyncStoreOptions? options = null)
    {
        options = (options ?? SyncStoreOptions.Default) with { TimeProvider = Clock };
        return SyncStore.Open(LsmDatabase.Open(Fs, StorePath, options.Database.ToLsmOptions()), StorePath, options);
    }

    /// <summary>Asserts that <paramref name="action"/> fails with a storage error of <paramref name="code"/>.</summary>
    public static StorageException Fails(StorageErrorCode code, Action action)
    {
        StorageException ex = Assert.ThrowsAny<StorageException>(action);
        Assert.Equal(code, ex.Code);
        return ex;
    }
}
