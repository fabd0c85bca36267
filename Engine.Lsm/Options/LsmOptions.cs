using System;
using System.Globalization;
using System.Text;
using Engine.Api;
using Engine.Core.Compression;
using Engine.Core.Errors;

namespace Engine.Lsm.Options;

/// <summary>The settings of one store, fixed when it opens.</summary>
/// <remarks>
/// Immutable and thread-safe. Defaults live in <see cref="Defaults"/>. <see cref="Validate"/> runs at open and names
/// the offending property; the effective options are written to an <c>OPTIONS-NNNNNN</c> file in the store.
/// </remarks>
internal sealed record LsmOptions
{
    public static readonly LsmOptions Default = new();

    /// <summary>Create the store when the directory holds none.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Fail the open when a store exists already.</summary>
    public bool ErrorIfExists { get; init; }

    /// <summary>Memtable size, in bytes, at which it is frozen and flushed.</summary>
    public long WriteBufferSizeBytes { get; init; } = Defaults.WriteBufferSizeBytes;

    /// <summary>Frozen memtables waiting for flush beyond which writers wait.</summary>
    public int MaxImmutableMemtables { get; init; } = Defaults.MaxImmutableMemtables;

    /// <summary>Target size of a table's data block, in bytes (before the trailer).</summary>
    public int BlockSizeBytes { get; init; } = Defaults.BlockSizeBytes;

    /// <summary>Entries between restart points in data blocks.</summary>
    public int BlockRestartInterval { get; init; } = Defaults.BlockRestartInterval;

    /// <summary>Bloom filter bits per key; 0 writes no filter.</summary>
    public int BloomBitsPerKey { get; init; } = Defaults.BloomBitsPerKey;

    /// <summary>How table data blocks are compressed; a block that does not shrink by an eighth is stored raw.</summary>
    public CompressionType Compression { get; init; } = Defaults.Compression;

    /// <summary>L0 tables at which they are merged into L1.</summary>
    public int L0CompactionTrigger { get; init; } = Defaults.L0CompactionTrigger;

    /// <summary>
    /// L0 tables at which each commit is delayed by a millisecond, so compaction catches up before a stop; taken
    /// between <see cref="L0CompactionTrigger"/> and <see cref="L0StopWritesTrigger"/> (see <see cref="EffectiveL0SlowdownTrigger"/>).
    /// </summary>
    public int L0SlowdownWritesTrigger { get; init; } = Defaults.L0SlowdownWritesTrigger;

    /// <summary>L0 tables at which writers wait for compaction.</summary>
    public int L0StopWritesTrigger { get; init; } = Defaults.L0StopWritesTrigger;

    /// <summary>The size target, in bytes, of the base level: the level L0 is compacted into.</summary>
    public long LevelBaseMaxBytes { get; init; } = Defaults.LevelBaseMaxBytes;

    /// <summary>How much larger each level's target is than the one above it.</summary>
    public int LevelSizeMultiplier { get; init; } = Defaults.LevelSizeMultiplier;

    /// <summary>Compactions that may run at once, each on its own long-running task.</summary>
    public int MaxBackgroundCompactions { get; init; } = Defaults.MaxBackgroundCompactions;

    /// <summary>Size, in bytes, at which compaction output is cut into a new table.</summary>
    public long TargetFileSizeBytes { get; init; } = Defaults.TargetFileSizeBytes;

    /// <summary>Manifest size, in bytes, past which it is rewritten as a snapshot.</summary>
    public long MaxManifestFileSizeBytes { get; init; } = Defaults.MaxManifestFileSizeBytes;

    /// <summary>
    /// Decides during compaction whether the newest value of a key that no snapshot sees stays (TTL expiry, retention);
    /// null keeps every value. Not written to the options file.
    /// </summary>
    public Compaction.CompactionFilter? CompactionFilter { get; init; }

    /// <summary>Receives flush, compaction, stall and background-error events; null for none. Not written to the options file.</summary>
    public Events.LsmEventListener? EventListener { get; init; }

    /// <summary>
    /// Budget of the cache of data blocks (decoded when compressed), in bytes; 0 disables it. With
    /// <see cref="PositionalDataReads"/> every data block read goes through it; otherwise only compressed ones.
    /// </summary>
    public long BlockCacheBytes { get; init; } = Defaults.BlockCacheBytes;

    /// <summary>
    /// With a block cache, read the data blocks that miss the cache, raw or compressed, with positional reads into the
    /// cache instead of through the table's mapping; index, filter and meta blocks stay mapped and are read in place.
    /// Mapped pages a read touches count as the process's resident memory until the table is unmapped, so with this on
    /// the store holds the cache and the small index and filter pages resident rather than every data page ever read;
    /// a miss costs a system call and a copy. Off, data blocks are read through the mappings (raw ones in place, with no
    /// copy): reads are faster while the tables fit the page cache, and the resident set grows up to the tables' size
    /// on disk (docs/benchmarks.md, "Memory under default options"). On by default. Not written to the options file.
    /// </summary>
    public bool PositionalDataReads { get; init; } = Defaults.PositionalDataReads;

    /// <summary>Table readers (file handles and mappings) kept open; leased ones may exceed it for as long as they are used.</summary>
    public int MaxOpenTables { get; init; } = Defaults.MaxOpenTables;

    /// <summary>What recovery does with damaged WAL records.</summary>
    public WalRecoveryMode WalRecoveryMode { get; init; } = WalRecoveryMode.TolerateTornTail;

    /// <summary>The slowdown trigger clamped between the compaction and stop triggers, so each can be set alone.</summary>
    public int EffectiveL0SlowdownTrigger => Math.Clamp(L0SlowdownWritesTrigger, L0CompactionTrigger, L0StopWritesTrigger);

    /// <summary>
    /// Check the level invariants after every version change (<see cref="Manifest.VersionInvariants"/>); a test switch,
    /// effective only in builds defining <c>ENGINE_INVARIANTS</c>, and not written to the options file.
    /// </summary>
    public bool CheckInvariantsAfterVersionChange { get; init; }

    /// <summary>Told of every committed batch in commit order (a change feed), or null.</summary>
    public Db.CommitObserver? CommitObserver { get; init; }

    /// <summary>Bytes of flushed WAL kept in <c>archive/</c> for change-feed history; zero deletes flushed WALs.</summary>
    public long RetainedLogBytes { get; init; }

    /// <summary>Throws <see cref="StorageException"/> (InvalidArgument) naming the first property out of range.</summary>
    public void Validate()
    {
        Check(WriteBufferSizeBytes is >= 4 << 10 and <= 1L << 30, nameof(WriteBufferSizeBytes), "between 4 KiB and 1 GiB");
        Check(MaxImmutableMemtables is >= 1 and <= 16, nameof(MaxImmutableMemtables), "between 1 and 16");
        Check(BlockSizeBytes is >= 256 and <= 1 << 20, nameof(BlockSizeBytes), "between 256 B and 1 MiB");
        Check(BlockRestartInterval is >= 1 and <= 1024, nameof(BlockRestartInterval), "between 1 and 1024");
        Check(BloomBitsPerKey is >= 0 and <= 32, nameof(BloomBitsPerKey), "between 0 and 32");
        Check(Enum.IsDefined(Compression), nameof(Compression), "a defined compression type");
        Check(L0CompactionTrigger is >= 1 and <= 64, nameof(L0CompactionTrigger), "between 1 and 64");
        Check(L0SlowdownWritesTrigger is >= 1 and <= 1024, nameof(L0SlowdownWritesTrigger), "between 1 and 1024");
        Check(L0StopWritesTrigger >= L0CompactionTrigger && L0StopWritesTrigger <= 1024, nameof(L0StopWritesTrigger), $"between {nameof(L0CompactionTrigger)} and 1024");
        Check(LevelBaseMaxBytes is >= 4 << 10 and <= 1L << 40, nameof(LevelBaseMaxBytes), "between 4 KiB and 1 TiB");
        Check(LevelSizeMultiplier is >= 2 and <= 100, nameof(LevelSizeMultiplier), "between 2 and 100");
        Check(MaxBackgroundCompactions is >= 1 and <= 64, nameof(MaxBackgroundCompactions), "between 1 and 64");
        Check(TargetFileSizeBytes is >= 4 << 10 and <= 1L << 31, nameof(TargetFileSizeBytes), "between 4 KiB and 2 GiB");
        Check(MaxManifestFileSizeBytes >= 64 << 10, nameof(MaxManifestFileSizeBytes), "at least 64 KiB");
        Check(Enum.IsDefined(WalRecoveryMode), nameof(WalRecoveryMode), "a defined mode");
        Check(BlockCacheBytes is >= 0 and <= 1L << 40, nameof(BlockCacheBytes), "between 0 (disabled) and 1 TiB");
        Check(RetainedLogBytes >= 0, nameof(RetainedLogBytes), "at least 0");
        Check(MaxOpenTables >= Defaults.MinOpenTables, nameof(MaxOpenTables), $"at least {Defaults.MinOpenTables}");
    }

    /// <summary>The effective options as the text of an options file: one <c>name=value</c> per line.</summary>
    public string ToOptionsFileText()
    {
        StringBuilder text = new();
        text.AppendLine("# Effective options of this store, written at open.");
        text.AppendLine("[Options]");
        Append(text, nameof(WriteBufferSizeBytes), WriteBufferSizeBytes);
        Append(text, nameof(MaxImmutableMemtables), MaxImmutableMemtables);
        Append(text, nameof(BlockSizeBytes), BlockSizeBytes);
        Append(text, nameof(BlockRestartInterval), BlockRestartInterval);
        Append(text, nameof(BloomBitsPerKey), BloomBitsPerKey);
        text.Append(nameof(Compression)).Append('=').Append(Compression.ToString()).Append('\n');
        Append(text, nameof(L0CompactionTrigger), L0CompactionTrigger);
        Append(text, nameof(L0SlowdownWritesTrigger), L0SlowdownWritesTrigger);
        Append(text, nameof(L0StopWritesTrigger), L0StopWritesTrigger);
        Append(text, nameof(LevelBaseMaxBytes), LevelBaseMaxBytes);
        Append(text, nameof(LevelSizeMultiplier), LevelSizeMultiplier);
        Append(text, nameof(MaxBackgroundCompactions), MaxBackgroundCompactions);
        Append(text, nameof(TargetFileSizeBytes), TargetFileSizeBytes);
        Append(text, nameof(MaxManifestFileSizeBytes), MaxManifestFileSizeBytes);
        text.Append(nameof(WalRecoveryMode)).Append('=').Append(WalRecoveryMode.ToString()).Append('\n');
        Append(text, nameof(BlockCacheBytes), BlockCacheBytes);
        Append(text, nameof(MaxOpenTables), MaxOpenTables);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, long value) =>
        text.Append(name).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Check(bool condition, string property, string range)
    {
        if (!condition)
        {
            ThrowHelper.ThrowInvalidArgument($"Option {property} must be {range}.");
        }
    }
}
