using Engine.Api.LocalFirst.Blobs;

namespace Engine.Api.LocalFirst;

/// <summary>The blob store of a local store.</summary>
public sealed partial class LocalStore
{
    private BlobStore? _blobs;

    /// <summary>Streaming blobs: put from a stream, read as a seekable stream, dedup, multipart uploads.</summary>
    /// <exception cref="System.ObjectDisposedException">The store is closed.</exception>
    public BlobStore Blobs
    {
        get
        {
            ThrowIfDisposed();
            return _blobs!;
        }
    }

    /// <summary>What the blob store's garbage collection removed when the store opened.</summary>
    internal BlobGarbageReport BlobGarbage { get; private set; } = new(0, 0, 0, 0);

    /// <summary>Opens the blob store and removes what crashes left behind (the store is exclusively ours now).</summary>
    private void OpenBlobs()
    {
        _blobs = new BlobStore(this, Options.Blobs);
        BlobGarbage = _blobs.CollectGarbage();
    }
}
