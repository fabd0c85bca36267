using Engine.Api.Sync;
using Engine.Api.Sync.Tee;
using Engine.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.Sync.CrossEngine;

/// <summary>
/// Our LSM store (on an in-memory file system) and a secondary backend sharing one fake clock, opened as a tee that
/// throws on the first divergence; it can close and reopen both.
/// </summary>
internal sealed class TeePair : IDisposable
{
    public const string PrimaryPath = "/primary";

    public TeePair(ISecondaryBackend? secondary = null, TeeOptions? options = null, Func<ISyncStore, ISyncStore>? wrapSecondary = null)
    {
        Secondary = secondary ?? CrossEngineBackends.CreateSecondary();
        PrimaryFs.CreateDirectory("/scratch");
        PrimaryFs.CreateDirectory("/out");
        Options = (options ?? new TeeOptions { ThrowOnDivergence = true }) with
        {
            TimestampTolerance = TimeSpan.Zero,
            SecondaryOutputPath = Secondary.ClonePath,
        };
        WrapSecondary = wrapSecondary ?? (s => s);
        Store = Open();
    }

    /// <summary>A clock starting at a fixed instant, shared by both stores, so stamps agree exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public MemFileSystem PrimaryFs { get; } = new();

    public ISecondaryBackend Secondary { get; }

    public TeeOptions Options { get; }

    public Func<ISyncStore, ISyncStore> WrapSecondary { get; }

    public TeeSyncStore Store { get; private set; }

    /// <summary>Closes both stores (saving them) and opens them again, keeping the learned sync ids.</summary>
    public void Reopen()
    {
        IReadOnlyDictionary<string, string> ids = Store.SyncIds;
        Store.Close();
        Store.Dispose();
        Store = Open(ids);
    }

    /// <summary>Opens the clones both engines wrote for <paramref name="primaryPath"/>, as a tee with this tee's sync ids.</summary>
    public TeeSyncStore OpenClones(string primaryPath)
    {
        SyncStore primary = SyncStore.OpenArtifact(PrimaryFs, primaryPath, LsmSecondaryBackend.Options(Clock));
        ISyncStore secondary;
        try
        {
            secondary = Secondary.OpenClone(Secondary.ClonePath(primaryPath), Clock);
        }
        catch
        {
            primary.Dispose();
            throw;
        }

        return new TeeSyncStore(primary, secondary, Options with { SyncIds = Store.SyncIds });
    }

    public void Dispose()
    {
        Store.Dispose();
        Secondary.Dispose();
    }

    private TeeSyncStore Open(IReadOnlyDictionary<string, string>? ids = null)
    {
        SyncStore primary = LsmSecondaryBackend.OpenLsm(PrimaryFs, PrimaryPath, Clock);
        return new TeeSyncStore(primary, WrapSecondary(Secondary.Open(Clock)), Options with { SyncIds = ids });
    }
}
