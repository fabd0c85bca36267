using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.Records;
using Engine.Core.Identifiers;
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

    /// <summary>
    /// Runs a full sync filled by <paramref name="fill"/> a second after the previous one, ends it and marks it as
    /// supporting diffs (as a sync the reference's upserts/deletions diff accepts); returns its id.
    /// </summary>
    public string DiffableSync(SyncStore store, Action<SyncStore> fill)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        string id = store.StartNewSync(SyncType.Full);
        fill(store);
        store.EndSync();
        SyncRunRecord run = store.TryGetRun(Ksuid.Parse(id))!;
        run.SupportsDiff = true;
        store.PutRun(run, Ksuid.Parse(id));
        return id;
    }

    /// <summary>Asserts that <paramref name="action"/> fails with a storage error of <paramref name="code"/>.</summary>
    public static StorageException Fails(StorageErrorCode code, Action action)
    {
        StorageException ex = Assert.ThrowsAny<StorageException>(action);
        Assert.Equal(code, ex.Code);
        return ex;
    }
}
