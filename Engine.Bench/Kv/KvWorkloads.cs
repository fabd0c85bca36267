using System.Buffers;
using System.Diagnostics;
using System.Reflection;
using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;
using Engine.Lsm.Db;
using Engine.Lsm.Options;

using DatabaseMetrics = Engine.Api.DatabaseMetrics;

namespace Engine.Bench.Kv;

/// <summary>
/// Runs the workloads in the rig's order against our store and prints one JSON line per workload. Split by concern:
/// this file (order, stores, measurement), <c>.Writes.cs</c>, <c>.Reads.cs</c>, <c>.Concurrent.cs</c>.
/// </summary>
/// <remarks>
/// As in the rig, the clock covers the operation loop only (key and value formatting included); flushes and
/// compactions still running when the last call returns are not waited for. Not thread-safe: one run per instance;
/// the concurrent workloads start and join their own threads.
/// </remarks>
internal sealed partial class KvWorkloads
{
    private const string EngineName = "ours";

    private static readonly string s_version = ReadVersion();

    private readonly KvSettings _settings;
    private readonly TextWriter _output;
    private readonly WriteOptions _writeOptions;
    private readonly byte[] _key = new byte[KeyGenerator.KeySize];
    private readonly byte[] _value = new byte[KeyGenerator.ValueSize];
    private readonly ArrayBufferWriter<byte> _got = new(256);

    private LsmDatabase? _store;
    private string _storeDirectory = "";

    // Keeps scan results observable so the loops cannot be optimised away, as the rig's g_sink.
    private long _sink;
    private AllocationSampler? _allocations;

    public KvWorkloads(KvSettings settings, TextWriter output)
    {
        _settings = settings;
        _output = output;
        _writeOptions = settings.Sync ? WriteOptions.Synced : WriteOptions.Default;
    }

    private LsmDatabase Store => _store ?? throw new InvalidOperationException("No store is open.");

    /// <summary>Runs every requested workload; throws <see cref="InvalidDataException"/> when a read check fails.</summary>
    public void Run()
    {
        using AllocationSampler? allocations = _settings.AllocDetail ? new AllocationSampler() : null;
        _allocations = allocations;
        try
        {
            RunWorkloads();
        }
        finally
        {
            _allocations = null;
        }
    }

    private void RunWorkloads()
    {
        if (_settings.Wants("fillseq"))
        {
            OpenStore("fillseq");
            Write("fillseq", KeyTag.FillSeq, delete: false);
            CloseStore();
        }

        if (_settings.Wants("fillsync"))
        {
            OpenStore("fillsync");
            FillSync();
            CloseStore();
        }

        if (_settings.Wants("ingestseq"))
        {
            // The fillseq keys and values as one sorted run written straight into tables: no WAL, memtable or flush.
            OpenStore("ingestseq");
            Timed("ingestseq", () => (ulong)Store.Ingest(new KeySequenceSource(_settings.N)).Entries, KeyGenerator.KeySize + KeyGenerator.ValueSize, synced: true);
            CloseStore();
        }

        string[] reads = ["readrandom", "readmissing", "seekrandom", "scanall", "readseq", "readreverse", "readwhilewriting"];
        string[] others = ["fillrandom", "compact", "overwrite", "deleterandom"];
        bool anyRead = reads.Any(_settings.Wants);
        if (!anyRead && !others.Any(_settings.Wants))
        {
            return;
        }

        // Everything else runs on one store loaded by fillrandom; reads run after compact.
        OpenStore("random");
        Write("fillrandom", KeyTag.FillRandom, delete: false);
        if (anyRead || _settings.Wants("compact"))
        {
            Timed("compact", () =>
            {
                // A full manual compaction, as the peers' drivers do it (RocksDB's CompactRange over everything).
                Store.CompactRange(null, null);
                return 1;
            });
        }

        RunReads();
        if (_settings.Wants("readwhilewriting"))
        {
            ReadWhileWriting();
        }

        if (_settings.Wants("overwrite"))
        {
            Write("overwrite", KeyTag.Overwrite, delete: false);
        }

        if (_settings.Wants("deleterandom"))
        {
            Write("deleterandom", KeyTag.DeleteRandom, delete: true);
        }

        CloseStore();
    }

    private void OpenStore(string name)
    {
        _storeDirectory = Path.Combine(_settings.Directory!, name);
        LsmOptions options = new()
        {
            ErrorIfExists = true,
            BloomBitsPerKey = _settings.BloomBits,
            Compression = _settings.CompressionType,
            BlockCacheBytes = (long)_settings.CacheMb << 20,
            PositionalDataReads = !_settings.MappedReads || _settings.Encrypt,
        };
        IFileSystem fs = _settings.Encrypt
            ? new EncryptedFileSystem(LocalFileSystem.Instance, StaticKeyring.ForTests())
            : LocalFileSystem.Instance;
        _store = LsmDatabase.Open(fs, _storeDirectory, options);
    }

    private void CloseStore()
    {
        _store?.Dispose();
        _store = null;
    }

    /// <summary>
    /// Times <paramref name="body"/> (which returns the op count) and prints its line: the rig's fields, then ours.
    /// </summary>
    /// <param name="workload">The workload name.</param>
    /// <param name="body">The op loop; the only code inside the clock.</param>
    /// <param name="userBytesPerOp">Key and value bytes each op writes; 0 for reads (no amplification is reported).</param>
    /// <param name="latency">Per-op latencies the body records, or null.</param>
    /// <param name="synced">What the line reports as <c>sync</c>; the --sync flag when null.</param>
    /// <param name="afterClock">Runs right after the clock stops, before anything is measured (joins, merges).</param>
    /// <param name="extras">Adds workload-specific fields after the common ones.</param>
    private void Timed(
        string workload,
        Func<ulong> body,
        long userBytesPerOp = 0,
        LatencyRecorder? latency = null,
        bool? synced = null,
        Action? afterClock = null,
        Action<JsonLine>? extras = null)
    {
        ProcessStats.ResetPeakRss();
        RssSampler? sampler = _settings.RssDetail ? new RssSampler() : null;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long writtenBefore = ProcessStats.WrittenBytes();
        long walBefore = Store.GetMetrics().WalBytesWritten;
        long start = Stopwatch.GetTimestamp();
        ulong n = body();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        afterClock?.Invoke();
        sampler?.Dispose();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long written = ProcessStats.WrittenBytes() - writtenBefore;
        DatabaseMetrics metrics = Store.GetMetrics();

        JsonLine line = new JsonLine()
            .Add("engine", EngineName)
            .Add("workload", workload)
            .Add("n", n)
            .Add("ops_per_sec", n / seconds, 0)
            .Add("micros_per_op", seconds * 1e6 / n, 3)
            .Add("bytes_on_disk", ProcessStats.DirectoryBytes(_storeDirectory))
            .Add("peak_rss_mb", ProcessStats.PeakRssMb(), 1)
            .Add("seconds", seconds, 3)
            .Add("batch", _settings.Batch)
            .Add("sync", synced ?? _settings.Sync)
            .Add("compression", _settings.EffectiveCompression)
            .Add("version", s_version)
            .Add("bloom_bits", _settings.BloomBits)
            .Add("cache_mb", _settings.CacheMb)
            .Add("compression_asked", _settings.Compression)
            .Add("alloc_bytes_per_op", (double)allocated / n, 1);
        if (userBytesPerOp > 0)
        {
            double userBytes = (double)userBytesPerOp * n;
            line.Add("wal_amp", (metrics.WalBytesWritten - walBefore) / userBytes, 3);
            if (writtenBefore >= 0)
            {
                line.Add("write_amp", written / userBytes, 3);
            }
        }

        if (sampler is not null)
        {
            line.Add("peak_rss_anon_mb", sampler.PeakAnonMb, 1).Add("peak_rss_file_mb", sampler.PeakFileMb, 1).Add("peak_managed_mb", sampler.PeakManagedMb, 1);
        }

        line.Add("files_per_level", metrics.FilesPerLevel);
        if (latency is not null)
        {
            (double p50, double p99, double p999) = latency.Percentiles();
            line.Add("p50_us", p50, 2).Add("p99_us", p99, 2).Add("p999_us", p999, 2);
        }

        extras?.Invoke(line);
        _output.WriteLine(line.ToString());
        _output.Flush();
        _allocations?.WriteTop(Console.Error, workload);
    }

    /// <summary>A recorder sized for <paramref name="capacity"/> ops when latency is wanted, else null.</summary>
    private LatencyRecorder? RigLatency(ulong capacity) => _settings.Latency ? new LatencyRecorder(capacity) : null;

    private static string ReadVersion()
    {
        // "1.0.0+<commit>" from the SDK's source-revision stamp; the commit is shortened as git does.
        string version = typeof(LsmDatabase).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && version.Length > plus + 8 ? version[..(plus + 8)] : version;
    }
}
