using System;
using Engine.Core.Compression;

namespace Engine.Lsm.Options;

/// <summary>Every default of <see cref="LsmOptions"/>, each with its reason.</summary>
internal static class Defaults
{
    /// <summary>32 MiB: large enough that flushes are rare next to 100-byte writes, small enough to replay in a second.</summary>
    public const long WriteBufferSizeBytes = 32L << 20;

    /// <summary>2: one flushing while another fills, as Pebble's stop threshold; more only hides a slow disk.</summary>
    public const int MaxImmutableMemtables = 2;

    /// <summary>4 KiB: one page; the common choice of LevelDB, RocksDB and Pebble.</summary>
    public const int BlockSizeBytes = 4096;

    /// <summary>16: a binary search over restarts then at most 16 steps, LevelDB's trade of size for seek time.</summary>
    public const int BlockRestartInterval = 16;

    /// <summary>10 bits per key: about 1% false positives with a cache-line-blocked bloom.</summary>
    public const int BloomBitsPerKey = 10;

    /// <summary>
    /// None, until it is benchmarked: LZ4 trades a decode per data block read for smaller tables, which pays on
    /// compressible values and slow disks and costs on hot, cached reads.
    /// </summary>
    public const CompressionType Compression = CompressionType.None;

    /// <summary>4 L0 tables trigger a merge into L1, as LevelDB.</summary>
    public const int L0CompactionTrigger = 4;

    /// <summary>8 L0 tables delay each commit by a millisecond, as LevelDB: a gentle push before the stop.</summary>
    public const int L0SlowdownWritesTrigger = 8;

    /// <summary>12 L0 tables stop writes until compaction catches up, as Pebble.</summary>
    public const int L0StopWritesTrigger = 12;

    /// <summary>8 MiB per table below L0: few files to track, compactions of bounded size.</summary>
    public const long TargetFileSizeBytes = 8L << 20;

    /// <summary>64 MiB for the base level, as Pebble's LBaseMaxBytes: about eight L0 flushes of default size.</summary>
    public const long LevelBaseMaxBytes = 64L << 20;

    /// <summary>10: each level ten times the one above, the usual trade of write for space amplification.</summary>
    public const int LevelSizeMultiplier = 10;

    /// <summary>Output cut when it overlaps this many target file sizes of the level below its own (LevelDB's 10).</summary>
    public const int MaxGrandparentOverlapFactor = 10;

    /// <summary>
    /// One compaction per core left after the foreground, between 1 and 4: flushes have their own task, and more
    /// concurrent compactions than cores only interleave their I/O.
    /// </summary>
    public static int MaxBackgroundCompactions => Math.Clamp(Environment.ProcessorCount - 1, 1, 4);

    /// <summary>64 MiB: manifests are rewritten as a snapshot past this size so that opening stays fast.</summary>
    public const long MaxManifestFileSizeBytes = 64L << 20;

    /// <summary>
    /// 32 MiB of data blocks. With positional reads (the default) every data block read goes through the cache, so it
    /// and the memtables bound what reads keep resident, and a miss costs a system call: LevelDB's 8 MiB (a raw block
    /// holds an 8 KiB pooled buffer, so about a thousand blocks) made point reads about a fifth slower than 32 MiB, for
    /// 24 MiB more memory within the budget (docs/benchmarks.md, "Memory under default options").
    /// </summary>
    public const long BlockCacheBytes = 32L << 20;

    /// <summary>
    /// Data blocks, raw or compressed, reach the cache by positional reads, so the resident set is bounded by the cache
    /// rather than by the data the reads touched: a point read that misses costs a system call and a copy, which the
    /// memory bound is worth (docs/benchmarks.md, "Memory under default options").
    /// </summary>
    public const bool PositionalDataReads = true;

    /// <summary>
    /// 1000 open tables (each a file handle and a mapping), as LevelDB's <c>max_open_files</c>: 8 GiB of 8 MiB tables,
    /// far below the usual descriptor limits.
    /// </summary>
    public const int MaxOpenTables = 1000;

    /// <summary>
    /// 16 open tables at least: every iterator pins each L0 table for its lifetime, so a smaller bound would be exceeded
    /// by the first iterator and only cost reopens.
    /// </summary>
    public const int MinOpenTables = 16;

    /// <summary>64 KiB keys at most: enough for any composite key, and bounded so index blocks stay small.</summary>
    public const int MaxKeySizeBytes = 64 << 10;

    /// <summary>256 MiB values at most: bounded so that one write cannot exhaust memory.</summary>
    public const int MaxValueSizeBytes = 256 << 20;
}
