namespace Engine.Bench.Kv;

/// <summary>The parsed flags of <c>Engine.Bench kv</c>; defaults are the peers rig's.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed record KvSettings
{
    /// <summary>The rig's workloads, in the order they run.</summary>
    public static readonly string[] RigWorkloads =
    [
        "fillseq", "fillrandom", "compact", "readrandom", "readmissing", "seekrandom", "scanall", "overwrite", "deleterandom",
    ];

    /// <summary>Our workloads, run only when named in <c>--workloads</c> (or with <c>all</c>).</summary>
    public static readonly string[] OwnWorkloads = ["fillsync", "ingestseq", "readseq", "readreverse", "readwhilewriting"];

    /// <summary>The root directory; the workloads' stores go in subdirectories. Null for <c>--keycheck</c>.</summary>
    public string? Directory { get; init; }

    /// <summary>Operations per workload (and keys loaded).</summary>
    public ulong N { get; init; } = 1_000_000;

    /// <summary>Writes per committed batch.</summary>
    public ulong Batch { get; init; } = 1;

    /// <summary>Seeds every key sequence (<c>seed * 256 + tag</c>).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Fsync every commit of the rig's write workloads.</summary>
    public bool Sync { get; init; }

    /// <summary>Bloom filter bits per key; 0 writes no filter.</summary>
    public int BloomBits { get; init; } = 10;

    /// <summary>The block cache budget, in MiB (decompressed blocks only); 0 disables the cache.</summary>
    public int CacheMb { get; init; } = 8;

    /// <summary>The compression the rig asks for: "none", or a codec name (snappy), which runs our LZ4 blocks.</summary>
    public string Compression { get; init; } = "snappy";

    /// <summary>Writer threads of fillsync.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Record per-operation latency in the rig's workloads too (ours always record it).</summary>
    public bool Latency { get; init; }

    /// <summary>Sample where the resident set goes (<see cref="RssSampler"/>) in every workload.</summary>
    public bool RssDetail { get; init; }

    /// <summary>Print the types each workload allocated most (<see cref="AllocationSampler"/>).</summary>
    public bool AllocDetail { get; init; }

    /// <summary>Open the store with <see cref="Engine.Lsm.Options.LsmOptions.PositionalDataReads"/> off.</summary>
    public bool MappedReads { get; init; }

    /// <summary>Open the store through the encryption layer with a fixed test key (never a real secret).</summary>
    public bool Encrypt { get; init; }

    /// <summary>Print the key-sequence hash and exit.</summary>
    public bool KeyCheck { get; init; }

    /// <summary>The workloads to run; their order is fixed by the driver, not by this set.</summary>
    public IReadOnlySet<string> Workloads { get; init; } = new HashSet<string>(RigWorkloads);

    /// <summary>What runs and what the JSON reports: the engine's one codec, LZ4, stands in for any codec asked for.</summary>
    public string EffectiveCompression => Compression == "none" ? "none" : "lz4";

    /// <summary>The engine's setting for <see cref="EffectiveCompression"/>.</summary>
    public Engine.Core.Compression.CompressionType CompressionType =>
        Compression == "none" ? Engine.Core.Compression.CompressionType.None : Engine.Core.Compression.CompressionType.Lz4;

    /// <summary>True when <paramref name="workload"/> was asked for.</summary>
    public bool Wants(string workload) => Workloads.Contains(workload);
}
