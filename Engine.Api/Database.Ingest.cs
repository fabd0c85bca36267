using System;

namespace Engine.Api;

/// <summary>Ingest: a sorted run written straight into tables.</summary>
public sealed partial class Database
{
    /// <summary>
    /// Writes the entries into new tables and installs them atomically under one new sequence number: no log, no
    /// memtable, no flush, and where the run's keys meet no table, no compaction later (RocksDB's
    /// <c>IngestExternalFile</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Every entry carries the same sequence number, the next one, so the run is one atomic write: once this returns,
    /// reads and iterators see all of it, newer than every earlier write (the keys it holds shadow older values, its
    /// deletes hide them) and older than every later one; snapshots and iterators taken before it see none of it. It is
    /// durable when it returns (tables and manifest synced), whatever the durability of the writes around it.
    /// </para>
    /// <para>
    /// Other writes wait while it runs. If a memtable holds a key in the run's range it is flushed first. The tables go
    /// to the deepest level where nothing in that level or above overlaps the run's key range (L6 in an empty store),
    /// or to L0 as its newest tables when L0 overlaps; see docs/architecture.md. The source is read once, entry by
    /// entry, and never held in memory.
    /// </para>
    /// </remarks>
    /// <param name="entries">The run: strictly ascending keys (ordinal byte order), each a put or a delete.</param>
    /// <returns>What was installed; <c>Tables</c> 0 and <c>Level</c> -1 for an empty source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A key is empty, or not above the previous key. Nothing is installed and the tables written are deleted; the
    /// source has been read up to the bad entry.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A key or value is too long; nothing is installed.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="StorageException">
    /// The store has failed (FailedPrecondition), or I/O failed: then nothing is acknowledged and the store accepts no
    /// more writes, as after a failed flush. An exception thrown by the source propagates as is, and installs nothing.
    /// </exception>
    public IngestResult Ingest(ISortedEntrySource entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        EnsureOpen();
        return _inner.Ingest(entries);
    }
}
