using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Engine.Api;
using Engine.Core.Errors;
using Engine.Core.Storage;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Cache;

/// <summary>
/// The open readers of a store's tables, each over a read-only memory mapping, opened on first use and bounded in
/// number: past <see cref="Capacity"/> listed readers, the least recently used unpinned ones are closed.
/// </summary>
/// <remarks>
/// <para>
/// Callers take a <see cref="TableLease"/> (<see cref="Acquire"/>) for as long as they use a reader or spans from it:
/// a Get until it has copied the value, an iterator while it is positioned in the table, a compaction while it reads
/// its inputs. A leased reader is never closed under its user: the cache only stops listing it, and the last lease
/// closes it. So more than <see cref="Capacity"/> readers can be open while that many are leased at once; the bound
/// is enforced again when a table is opened and when a lease is released.
/// </para>
/// <para>
/// Recency is approximated by CLOCK, as in the <see cref="BlockCache"/>: an acquire sets the handle's reference bit,
/// and the sweep gives a referenced handle a second chance. A closed table that is needed again is reopened, which
/// verifies its footer and index again; its decoded blocks survive in the block cache, keyed by file number.
/// </para>
/// <para>
/// <see cref="Evict"/> is for a table no version lists (obsolete, about to be deleted, or the store is closing): it
/// closes the reader (when the last lease goes) and drops the table's blocks from the block cache.
/// </para>
/// <para>
/// Thread-safe. A hit is lock-free (a dictionary read and a reference count increment); opening, closing and the
/// sweep take one lock.
/// </para>
/// </remarks>
internal sealed class TableCache
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly BlockCache? _blocks;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<ulong, TableHandle> _handles = new();
    private long _closedBloomChecks;
    private long _closedBloomNegatives;
    private long _closedBloomFalsePositives;
    private readonly Lock _openLock = new();
    private readonly bool _positionalDataReads;

    // openLock: the listed handles in clock order, and the hand.
    private readonly List<TableHandle> _ring = [];
    private int _hand;

    // Written under openLock; read without it as a hint.
    private int _listed;

    // Interlocked.
    private int _openCount;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>
    /// A cache of at most <paramref name="capacity"/> listed readers whose blocks go through <paramref name="blocks"/>.
    /// With <paramref name="positionalDataReads"/> (and blocks), each table is opened for positional reads too, and its
    /// reader fetches data blocks missing from the cache that way (<see cref="Options.LsmOptions.PositionalDataReads"/>).
    /// </summary>
    public TableCache(IFileSystem fs, string directory, int capacity = int.MaxValue, BlockCache? blocks = null, bool positionalDataReads = false)
    {
        _positionalDataReads = positionalDataReads && blocks is not null;
        if (capacity < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), "A table cache holds at least one table.");
        }

        _fs = fs;
        _directory = directory;
        _capacity = capacity;
        _blocks = blocks;
    }

    /// <summary>The most readers listed at once (leased readers may add to it; see the remarks).</summary>
    public int Capacity => _capacity;

    /// <summary>The block cache the readers decode through, if any.</summary>
    public BlockCache? BlockCache => _blocks;

    /// <summary>Readers currently listed.</summary>
    public int Count => Volatile.Read(ref _listed);

    /// <summary>Readers currently open: the listed ones plus any the cache dropped that a lease still holds.</summary>
    public int OpenCount => Volatile.Read(ref _openCount);

    /// <summary>Acquires that found the reader open.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Acquires that opened the table.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Readers dropped to respect the bound (not counting obsolete tables).</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>A lease on the reader of <paramref name="file"/>, opening the table if needed.</summary>
    /// <exception cref="CorruptionException">The table fails its checks at open.</exception>
    public TableLease Acquire(FileMetadata file)
    {
        if (_handles.TryGetValue(file.Number, out TableHandle? handle) && handle.TryAcquire())
        {
            Interlocked.Increment(ref _hits);
            return new TableLease(handle);
        }

        return AcquireSlow(file.Number);
    }

    /// <summary>
    /// Closes the reader of table <paramref name="number"/> (at once, or when its last lease goes) and drops its blocks
    /// from the block cache. Only for a table no version lists.
    /// </summary>
    public void Evict(ulong number)
    {
        TableHandle? handle;
        lock (_openLock)
        {
            if (_handles.TryRemove(number, out handle))
            {
                UnlistLocked(handle);
            }
        }

        handle?.ReleaseListing();
        _blocks?.EraseFile(number);
    }

    /// <summary>Called by a handle when a lease is released: re-applies the bound if leases had held it off.</summary>
    internal void OnLeaseReleased()
    {
        if (Volatile.Read(ref _listed) <= _capacity)
        {
            return;
        }

        List<TableHandle>? victims = null;
        lock (_openLock)
        {
            ShrinkLocked(ref victims);
        }

        Close(victims);
    }

    /// <summary>Called by a handle once its reader is closed; keeps the reader's filter counters.</summary>
    internal void OnClosed(SstReader reader)
    {
        Interlocked.Add(ref _closedBloomChecks, reader.BloomChecks);
        Interlocked.Add(ref _closedBloomNegatives, reader.BloomNegatives);
        Interlocked.Add(ref _closedBloomFalsePositives, reader.BloomFalsePositives);
        Interlocked.Decrement(ref _openCount);
    }

    /// <summary>
    /// Bloom filter counters summed over every reader this cache has held: checks, negatives, false positives.
    /// A reader dropped from the list but still leased counts once it closes.
    /// </summary>
    public (long Checks, long Negatives, long FalsePositives) BloomTotals()
    {
        long checks = Interlocked.Read(ref _closedBloomChecks);
        long negatives = Interlocked.Read(ref _closedBloomNegatives);
        long falsePositives = Interlocked.Read(ref _closedBloomFalsePositives);
        foreach (TableHandle handle in _handles.Values)
        {
            checks += handle.Reader.BloomChecks;
            negatives += handle.Reader.BloomNegatives;
            falsePositives += handle.Reader.BloomFalsePositives;
        }

        return (checks, negatives, falsePositives);
    }

    private TableLease AcquireSlow(ulong number)
    {
        List<TableHandle>? victims = null;
        TableLease lease;
        lock (_openLock)
        {
            // Under the lock every listed handle holds the cache's reference, so the acquire cannot fail.
            if (_handles.TryGetValue(number, out TableHandle? handle) && handle.TryAcquire())
            {
                Interlocked.Increment(ref _hits);
                return new TableLease(handle);
            }

            Interlocked.Increment(ref _misses);
            string path = FileNames.Table(_directory, number);
            IMappedFile mapped = _fs.OpenMapped(path);
            IReadableFile? positional = null;
            try
            {
                positional = _positionalDataReads ? _fs.OpenRead(path) : null;
            }
            catch
            {
                mapped.Dispose();
                throw;
            }

            SstReader reader = SstReader.Open(mapped, _blocks, number, positional);
            Interlocked.Increment(ref _openCount);
            handle = new TableHandle(this, number, reader);
            _ = handle.TryAcquire();
            lease = new TableLease(handle);
            handle.RingIndex = _ring.Count;
            _ring.Add(handle);
            _handles[number] = handle;
            Volatile.Write(ref _listed, _ring.Count);
            ShrinkLocked(ref victims);
        }

        Close(victims);
        return lease;
    }

    /// <summary>
    /// Unlists readers, by CLOCK, until at most <see cref="Capacity"/> remain or every one left is leased; the victims'
    /// references are dropped by the caller after the lock, since the last one unmaps the table.
    /// </summary>
    private void ShrinkLocked(ref List<TableHandle>? victims)
    {
        while (_ring.Count > _capacity)
        {
            TableHandle? victim = null;
            for (int step = 2 * _ring.Count; step > 0 && victim is null; step--)
            {
                if (_hand >= _ring.Count)
                {
                    _hand = 0;
                }

                TableHandle candidate = _ring[_hand];
                if (candidate.IsPinned || candidate.TakeReferenced())
                {
                    _hand++;
                    continue;
                }

                victim = candidate;
            }

            if (victim is null)
            {
                return;
            }

            _handles.TryRemove(victim.Number, out _);
            UnlistLocked(victim);
            Interlocked.Increment(ref _evictions);
            (victims ??= []).Add(victim);
        }
    }

    /// <summary>Takes a handle out of the ring by moving the last one into its place.</summary>
    private void UnlistLocked(TableHandle handle)
    {
        int index = handle.RingIndex;
        TableHandle last = _ring[^1];
        _ring[index] = last;
        last.RingIndex = index;
        _ring.RemoveAt(_ring.Count - 1);
        Volatile.Write(ref _listed, _ring.Count);
    }

    private static void Close(List<TableHandle>? victims)
    {
        if (victims is null)
        {
            return;
        }

        foreach (TableHandle victim in victims)
        {
            victim.ReleaseListing();
        }
    }
}
