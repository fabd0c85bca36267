using System;
using Engine.Api.LocalFirst.Blobs;
using Engine.Api.LocalFirst.Feed;

namespace Engine.Api.LocalFirst;

/// <summary>How a <see cref="LocalStore"/> opens. Immutable; validated when the store opens.</summary>
public sealed record LocalStoreOptions
{
    /// <summary>The defaults.</summary>
    public static readonly LocalStoreOptions Default = new();

    /// <summary>
    /// How far a write is made durable before the call returns, unless the call says otherwise. The default,
    /// <see cref="Durability.Flushed"/>, survives a crash of the process but not of the machine, the same promise as
    /// SQLite's WAL mode with <c>synchronous = NORMAL</c>; <see cref="Durability.Synced"/> survives power loss at the
    /// cost of an fsync per commit group.
    /// </summary>
    public Durability Durability { get; init; } = Durability.Flushed;

    /// <summary>The clock for TTL expiry, time-ordered ids, blob timestamps and retention. Tests inject their own.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The tuning of the key-value engine underneath (write buffer, caches, compaction).</summary>
    public DatabaseOptions Database { get; init; } = DatabaseOptions.Default;

    /// <summary>What the change feed keeps for watchers: its in-memory buffer and the retained WAL.</summary>
    public ChangeFeedOptions ChangeFeed { get; init; } = ChangeFeedOptions.Default;

    /// <summary>
    /// Encryption at rest for every file of the store: the engine's and the blob files (<c>docs/local-first.md</c>,
    /// "Encryption"). Default null: plain files. Set it here, not on <see cref="Database"/>.
    /// </summary>
    public Encryption.EncryptionOptions? Encryption { get; init; }

    /// <summary>How the blob store lays bodies out by size (inline, chunks, files).</summary>
    public BlobStoreOptions Blobs { get; init; } = BlobStoreOptions.Default;

    internal void Validate()
    {
        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentOutOfRangeException(nameof(Durability), Durability, "a defined durability");
        }

        ArgumentNullException.ThrowIfNull(Clock, nameof(Clock));
        ArgumentNullException.ThrowIfNull(Database, nameof(Database));
        ArgumentNullException.ThrowIfNull(ChangeFeed, nameof(ChangeFeed));
        ChangeFeed.Validate();
        if (Database.Encryption is not null)
        {
            throw new ArgumentException($"Set {nameof(LocalStoreOptions)}.{nameof(Encryption)}, which covers the blob files too, rather than {nameof(Database)}.{nameof(DatabaseOptions.Encryption)}.", nameof(Database));
        }
        ArgumentNullException.ThrowIfNull(Blobs, nameof(Blobs));
        Blobs.Validate();
    }
}
