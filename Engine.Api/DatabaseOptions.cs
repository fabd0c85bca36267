using Engine.Core.Compression;
using Engine.Lsm.Options;

namespace Engine.Api;

/// <summary>The settings of a store, fixed when it opens. Unset properties keep the engine's defaults.</summary>
/// <remarks>Immutable; thread-safe. Validated at open: a value out of range fails the open with InvalidArgument naming it.</remarks>
public sealed record DatabaseOptions
{
    /// <summary>The defaults: create when missing, 32 MiB memtable, 4 KiB blocks, 10 bloom bits per key.</summary>
    public static readonly DatabaseOptions Default = new();

    /// <summary>Create the store when the directory holds none. Default true.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Fail the open when a store exists already. Default false.</summary>
    public bool ErrorIfExists { get; init; }

    /// <summary>Memtable size, in bytes, at which it is frozen and flushed to a table. Default 32 MiB.</summary>
    public long WriteBufferSizeBytes { get; init; } = Defaults.WriteBufferSizeBytes;

    /// <summary>Frozen memtables that may wait for flush before writers wait too. Default 2; between 1 and 16.</summary>
    public int MaxImmutableMemtables { get; init; } = Defaults.MaxImmutableMemtables;

    /// <summary>Target size of a table's data block, in bytes. Default 4 KiB.</summary>
    public int BlockSizeBytes { get; init; } = Defaults.BlockSizeBytes;

    /// <summary>
    /// Entries between restart points in a data block: fewer make seeks inside a block faster, more make blocks
    /// smaller (keys are prefix-compressed between restarts). Default 16; between 1 and 1024.
    /// </summary>
    public int BlockRestartInterval { get; init; } = Defaults.BlockRestartInterval;

    /// <summary>Bloom filter bits per key; 0 writes no filter. Default 10 (about 1% false positives).</summary>
    public int BloomBitsPerKey { get; init; } = Defaults.BloomBitsPerKey;

    /// <summary>
    /// How table data blocks are compressed. Default <see cref="Api.Compression.None"/>. A value that is not a member
    /// of <see cref="Api.Compression"/> fails the open with InvalidArgument.
    /// </summary>
    public Compression Compression { get; init; } = Compression.None;

    /// <summary>Number of L0 tables at which they are compacted into the level below. Default 4.</summary>
    public int L0CompactionTrigger { get; init; } = Defaults.L0CompactionTrigger;

    /// <summary>
    /// Number of L0 tables at which each commit is delayed by a millisecond so compaction catches up. Default 8;
    /// taken between <see cref="L0CompactionTrigger"/> and <see cref="L0StopWritesTrigger"/>.
    /// </summary>
    public int L0SlowdownWritesTrigger { get; init; } = Defaults.L0SlowdownWritesTrigger;

    /// <summary>Number of L0 tables at which writers wait for compaction. Default 12.</summary>
    public int L0StopWritesTrigger { get; init; } = Defaults.L0StopWritesTrigger;

    /// <summary>Size target, in bytes, of the level L0 compacts into; deeper levels grow from it. Default 64 MiB.</summary>
    public long LevelBaseMaxBytes { get; init; } = Defaults.LevelBaseMaxBytes;

    /// <summary>How many times larger each level is than the one above it. Default 10.</summary>
    public int LevelSizeMultiplier { get; init; } = Defaults.LevelSizeMultiplier;

    /// <summary>Compactions that may run at once. Default: one per core beyond the first, between 1 and 4.</summary>
    public int MaxBackgroundCompactions { get; init; } = Defaults.MaxBackgroundCompactions;

    /// <summary>Receives flush, compaction, stall and background-error events. Default none.</summary>
    public Events.DatabaseEventListener? EventListener { get; init; }

    /// <summary>Size, in bytes, at which compaction output is cut into a new table. Default 8 MiB.</summary>
    public long TargetFileSizeBytes { get; init; } = Defaults.TargetFileSizeBytes;

    /// <summary>
    /// Budget, in bytes, of the cache of table data blocks (decompressed when compressed); 0 disables it. Default 32 MiB.
    /// With <see cref="PositionalDataReads"/> (the default) every data block read goes through it; without, only
    /// compressed blocks (uncompressed ones are read in place from the mapping). The budget counts the pooled buffers
    /// that hold the blocks, whose sizes are rounded up to powers of two. Between 0 and 1 TiB.
    /// </summary>
    public long BlockCacheBytes { get; init; } = Defaults.BlockCacheBytes;

    /// <summary>
    /// Tables kept open (each a file handle and a memory mapping); the least recently used are closed past it and reopened
    /// when needed. Tables in use by a read, an iterator or a compaction stay open beyond it until released. Default 1000;
    /// at least 16.
    /// </summary>
    public int MaxOpenTables { get; init; } = Defaults.MaxOpenTables;

    /// <summary>
    /// With a block cache, data blocks that miss the cache, compressed or not, are read with positional reads into the
    /// cache rather than through the table's memory mapping, so the process's resident memory stays near the cache
    /// budget instead of growing with every mapped page read. Default true. False reads data blocks through the
    /// mappings (uncompressed ones in place, with no system call or copy per miss): faster point reads while the tables
    /// fit the operating system's page cache, at a memory cost: every table page a read touches counts as the
    /// process's resident memory until the table is closed, up to the tables' whole size on disk (in a mixed workload
    /// over a 0.7 GB store, peak RSS 790 MiB instead of 140–190; docs/benchmarks.md, "Memory under default options").
    /// </summary>
    public bool PositionalDataReads { get; init; } = Defaults.PositionalDataReads;

    /// <summary>Size, in bytes, past which the manifest is rewritten as one snapshot of the current state. Default 64 MiB; at least 64 KiB.</summary>
    public long MaxManifestFileSizeBytes { get; init; } = Defaults.MaxManifestFileSizeBytes;

    /// <summary>
    /// When true, damaged log records anywhere are skipped and counted at open instead of failing it (for salvage).
    /// Default false: a torn tail is dropped silently, damage in synced bytes fails the open.
    /// </summary>
    public bool SkipCorruptedLogRecords { get; init; }

    /// <summary>
    /// Encryption at rest: every file of the store is written as AES-256-GCM frames under keys from the provider
    /// (<c>docs/format/encryption.md</c>). Default null: files are plain. A store created encrypted opens only with
    /// encryption, and a plain store only without. With encryption, data blocks are always read with positional reads
    /// (<see cref="PositionalDataReads"/> is taken as true), so they are decrypted once, into the block cache.
    /// </summary>
    public Encryption.EncryptionOptions? Encryption { get; init; }

    /// <summary>
    /// The compaction filter the engine runs (see <see cref="Lsm.Compaction.CompactionFilter"/>); internal, for the
    /// stores built on the engine (a <see cref="LocalFirst.LocalStore"/> installs one for TTL expiry).
    /// </summary>
    internal Lsm.Compaction.CompactionFilter? CompactionFilter { get; init; }

    internal LsmOptions ToLsmOptions() => new()
    {
        CompactionFilter = CompactionFilter,
        CreateIfMissing = CreateIfMissing,
        ErrorIfExists = ErrorIfExists,
        WriteBufferSizeBytes = WriteBufferSizeBytes,
        MaxImmutableMemtables = MaxImmutableMemtables,
        BlockSizeBytes = BlockSizeBytes,
        BlockRestartInterval = BlockRestartInterval,
        BloomBitsPerKey = BloomBitsPerKey,
        Compression = Compression switch
        {
            Compression.None => CompressionType.None,
            Compression.Lz4 => CompressionType.Lz4,

            // Not a defined type, so validation at open names the option.
            _ => (CompressionType)byte.MaxValue,
        },
        L0CompactionTrigger = L0CompactionTrigger,
        L0SlowdownWritesTrigger = L0SlowdownWritesTrigger,
        L0StopWritesTrigger = L0StopWritesTrigger,
        LevelBaseMaxBytes = LevelBaseMaxBytes,
        LevelSizeMultiplier = LevelSizeMultiplier,
        MaxBackgroundCompactions = MaxBackgroundCompactions,
        EventListener = EventListener is null ? null : new Events.EventListenerAdapter(EventListener),
        TargetFileSizeBytes = TargetFileSizeBytes,
        BlockCacheBytes = BlockCacheBytes,
        MaxOpenTables = MaxOpenTables,
        PositionalDataReads = PositionalDataReads || Encryption is not null,
        MaxManifestFileSizeBytes = MaxManifestFileSizeBytes,
        WalRecoveryMode = SkipCorruptedLogRecords ? WalRecoveryMode.SkipCorrupted : WalRecoveryMode.TolerateTornTail,
    };
}
