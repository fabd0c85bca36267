using System;
using Engine.Api.LocalFirst.Concurrency;
using Engine.Core.Storage;

namespace Engine.Api.LocalFirst.Blobs;

/// <summary>
/// Streaming blobs in a <see cref="LocalStore"/>: put from any <see cref="System.IO.Stream"/> with bounded memory, read
/// back as a lazy, seekable stream (whole or a range), SHA-256 verified, content-addressed dedup, multipart uploads.
/// Take it from <see cref="LocalStore.Blobs"/>. Thread-safe: every member may be called from any thread.
/// </summary>
/// <remarks>
/// <para>
/// Layout by size (<see cref="BlobStoreOptions"/>): small bodies inline in the manifest, medium ones as chunk records
/// inside the engine, large ones as content-addressed blob files beside it (<c>blobs/ab/cd…</c>) so compaction never
/// rewrites them. A put does not know the size up front: it streams into chunk records, and once the size passes the
/// file threshold it copies the chunks written so far into a blob file and goes on there.
/// </para>
/// <para>
/// Commit protocol: the body (chunks, or a synced file) is durable before the one batch that writes the manifest and
/// the content record's reference count; a blob is visible exactly when that batch is. A crash earlier leaves garbage
/// that the next open removes: chunks named by a staging marker, temporary files, and blob files no content record
/// names. Records and files: <c>docs/format/local-first.md</c>, "Blobs".
/// </para>
/// </remarks>
public sealed partial class BlobStore
{
    private readonly LocalStore _store;
    private readonly BlobStoreOptions _options;
    private readonly BlobPaths _paths;

    internal BlobStore(LocalStore store, BlobStoreOptions options)
    {
        _store = store;
        _options = options;
        _paths = new BlobPaths(store.BlobDirectory);
        store.FileSystem.CreateDirectory(_paths.TempDirectory);
        store.FileSystem.CreateDirectory(_paths.PartsDirectory);
    }

    /// <summary>The layout options the store was opened with.</summary>
    public BlobStoreOptions Options => _options;

    private Database Database => _store.Database;

    private IFileSystem FileSystem => _store.FileSystem;

    private KeyLocks Locks => _store.Locks;

    private string StoreName => _store.Directory;

    private Durability Durability => _store.Options.Durability;

    private DateTimeOffset Now => _store.Clock.GetUtcNow();
}
