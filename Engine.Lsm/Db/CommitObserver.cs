using System;

namespace Engine.Lsm.Db;

/// <summary>
/// Told of every committed batch, in commit order, once it is visible to readers: the hook a change feed stands on.
/// </summary>
/// <remarks>
/// The commit leader calls <see cref="OnCommitted"/> while it holds the store's mutex, so that calls arrive in
/// sequence order with nothing in between. An observer must therefore be quick (copy the bytes and return), must not
/// call the store, and must not throw. Batches replayed from the WAL at open and tables ingested with
/// <c>Ingest</c> are not commits and are not reported.
/// </remarks>
internal abstract class CommitObserver
{
    /// <summary>Called with one committed batch: its encoding (docs/format/batch.md), whose header holds its first sequence.</summary>
    public abstract void OnCommitted(ReadOnlySpan<byte> batch);
}
