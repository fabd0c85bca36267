using System.Globalization;
using Engine.Core.Compression;
using Engine.Lsm.Options;

namespace Engine.Fuzz.Metamorphic;

/// <summary>
/// The option sets a log is replayed under, drawn from a seed: the first is tiny (4 KiB memtables, 256-byte blocks,
/// L0 trigger 1, 4 KiB tables and base level, so that every few writes flush and compact), the second huge (64 MiB
/// memtables, 16 KiB blocks: nothing leaves the memtable but for flush, checkpoint and reopen), and the rest mix
/// memtable sizes, block sizes and restart intervals, bloom on and off, LZ4 on and off, L0 triggers, table and level
/// targets, 1 to 3 concurrent compactions, block caches (none included), open-table bounds and manifest sizes.
/// </summary>
/// <remarks>Every set checks the level invariants after each version change (in builds that define <c>ENGINE_INVARIANTS</c>). Stateless; thread-safe.</remarks>
internal static class MetamorphicOptionSets
{
    /// <summary>The fewest option sets a check runs, the first two being the tiny and the huge one.</summary>
    public const int DefaultCount = 8;

    private static readonly long[] s_memtableSizes = [4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 64 << 20];
    private static readonly int[] s_blockSizes = [256, 512, 1 << 10, 2 << 10, 4 << 10, 8 << 10, 16 << 10];
    private static readonly long[] s_cacheSizes = [0, 4 << 10, 64 << 10, 8 << 20];

    /// <summary><paramref name="count"/> option sets drawn from <paramref name="seed"/>; one seed, one list.</summary>
    public static IReadOnlyList<LsmOptions> Draw(int seed, int count = DefaultCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Random random = new(seed);
        List<LsmOptions> sets = [];
        for (int i = 0; i < count; i++)
        {
            LsmOptions options = Random(random);
            sets.Add(i switch
            {
                0 => options with
                {
                    WriteBufferSizeBytes = 4 << 10,
                    BlockSizeBytes = 256,
                    L0CompactionTrigger = 1,
                    TargetFileSizeBytes = 4 << 10,
                    LevelBaseMaxBytes = 4 << 10,
                    LevelSizeMultiplier = 2,
                    MaxOpenTables = Defaults.MinOpenTables,
                    MaxManifestFileSizeBytes = 64 << 10,
                },
                1 => options with
                {
                    WriteBufferSizeBytes = 64 << 20,
                    BlockSizeBytes = 16 << 10,
                    TargetFileSizeBytes = Defaults.TargetFileSizeBytes,
                    LevelBaseMaxBytes = Defaults.LevelBaseMaxBytes,
                },
                _ => options,
            });
        }

        return sets;
    }

    /// <summary>The settings that vary between sets, on one line.</summary>
    public static string Describe(LsmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"memtable={Size(options.WriteBufferSizeBytes)} immutables={options.MaxImmutableMemtables} block={Size(options.BlockSizeBytes)} "
            + $"restart={options.BlockRestartInterval} bloom={options.BloomBitsPerKey} compression={options.Compression} "
            + $"l0={options.L0CompactionTrigger}/{options.L0SlowdownWritesTrigger}/{options.L0StopWritesTrigger} "
            + $"file={Size(options.TargetFileSizeBytes)} base={Size(options.LevelBaseMaxBytes)} multiplier={options.LevelSizeMultiplier} "
            + $"compactions={options.MaxBackgroundCompactions} cache={Size(options.BlockCacheBytes)} tables={options.MaxOpenTables} "
            + $"manifest={Size(options.MaxManifestFileSizeBytes)}");
    }

    private static LsmOptions Random(Random random)
    {
        int l0Trigger = random.Next(1, 9);
        int l0Stop = l0Trigger + random.Next(2, 17);
        return new LsmOptions
        {
            WriteBufferSizeBytes = s_memtableSizes[random.Next(s_memtableSizes.Length)],
            MaxImmutableMemtables = random.Next(1, 4),
            BlockSizeBytes = s_blockSizes[random.Next(s_blockSizes.Length)],
            BlockRestartInterval = random.Next(3) == 0 ? 1 : random.Next(2, 33),
            BloomBitsPerKey = random.Next(2) == 0 ? 0 : random.Next(1, 21),
            Compression = random.Next(2) == 0 ? CompressionType.None : CompressionType.Lz4,
            L0CompactionTrigger = l0Trigger,
            L0SlowdownWritesTrigger = random.Next(l0Trigger, l0Stop + 1),
            L0StopWritesTrigger = l0Stop,
            TargetFileSizeBytes = (4L << 10) << random.Next(0, 10),
            LevelBaseMaxBytes = (4L << 10) << random.Next(0, 15),
            LevelSizeMultiplier = random.Next(2, 11),
            MaxBackgroundCompactions = random.Next(1, 4),
            BlockCacheBytes = s_cacheSizes[random.Next(s_cacheSizes.Length)],
            MaxOpenTables = random.Next(3) == 0 ? Defaults.MinOpenTables : Defaults.MaxOpenTables,
            MaxManifestFileSizeBytes = random.Next(3) == 0 ? 64 << 10 : Defaults.MaxManifestFileSizeBytes,
            CheckInvariantsAfterVersionChange = true,
        };
    }

    private static string Size(long bytes) => bytes switch
    {
        0 => "0",
        _ when bytes % (1 << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20}M"),
        _ when bytes % (1 << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10}K"),
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };
}
