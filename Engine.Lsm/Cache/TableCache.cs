using System.Collections.Concurrent;
using System.Threading;
using Engine.Core.Storage;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Cache;

/// <summary>The open readers of a store's tables, each over a read-only memory mapping, opened on first use.</summary>
/// <remarks>
/// A reader is closed (and its mapping released) by <see cref="Evict"/>, which the store calls only once no version
/// lists the table, so no read can still be using it; that includes closing the store, so a reader never outlives
/// its mapping. Thread-safe.
/// </remarks>
internal sealed class TableCache
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly ConcurrentDictionary<ulong, SstReader> _readers = new();
    private readonly System.Threading.Lock _openLock = new();
    private long _closedBloomChecks;
    private long _closedBloomNegatives;
    private long _closedBloomFalsePositives;

    public TableCache(IFileSystem fs, string directory)
    {
        _fs = fs;
        _directory = directory;
    }

    /// <summary>The number of open readers.</summary>
    public int Count => _readers.Count;

    /// <summary>The reader of <paramref name="file"/>, opening it if needed.</summary>
    public SstReader Get(FileMetadata file)
    {
        if (_readers.TryGetValue(file.Number, out SstReader? reader))
        {
            return reader;
        }

        lock (_openLock)
        {
            if (_readers.TryGetValue(file.Number, out reader))
            {
                return reader;
            }

            IMappedFile mapped = _fs.OpenMapped(FileNames.Table(_directory, file.Number));
            try
            {
                reader = SstReader.Open(mapped);
            }
            catch
            {
                mapped.Dispose();
                throw;
            }

            _readers[file.Number] = reader;
            return reader;
        }
    }

    /// <summary>Closes the reader of table <paramref name="number"/>, if open.</summary>
    public void Evict(ulong number)
    {
        if (_readers.TryRemove(number, out SstReader? reader))
        {
            Interlocked.Add(ref _closedBloomChecks, reader.BloomChecks);
            Interlocked.Add(ref _closedBloomNegatives, reader.BloomNegatives);
            Interlocked.Add(ref _closedBloomFalsePositives, reader.BloomFalsePositives);
            reader.Dispose();
        }
    }

    /// <summary>Bloom filter counters summed over every reader this cache has held: checks, negatives, false positives.</summary>
    public (long Checks, long Negatives, long FalsePositives) BloomTotals()
    {
        long checks = Interlocked.Read(ref _closedBloomChecks);
        long negatives = Interlocked.Read(ref _closedBloomNegatives);
        long falsePositives = Interlocked.Read(ref _closedBloomFalsePositives);
        foreach (SstReader reader in _readers.Values)
        {
            checks += reader.BloomChecks;
            negatives += reader.BloomNegatives;
            falsePositives += reader.BloomFalsePositives;
        }

        return (checks, negatives, falsePositives);
    }
}
