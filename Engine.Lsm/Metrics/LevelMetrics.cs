// Declared in Engine.Api although the file lives in Engine.Lsm/Metrics, for the reason given in DatabaseMetrics.cs.
namespace Engine.Api;

/// <summary>One level's line in <see cref="DatabaseMetrics"/>: its shape now and the compaction traffic it has seen.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record LevelMetrics
{
    /// <summary>Tables in the level.</summary>
    public int Files { get; init; }

    /// <summary>Bytes of the level's tables.</summary>
    public long Bytes { get; init; }

    /// <summary>Compaction score: 1 or more means the level is due (L0 by table count, others by size).</summary>
    public double Score { get; init; }

    /// <summary>The level's size target in bytes; <see cref="long.MaxValue"/> where none applies (L0, levels above the base).</summary>
    public long TargetBytes { get; init; }

    /// <summary>Bytes of this level's tables read by compactions since open.</summary>
    public long BytesRead { get; init; }

    /// <summary>Bytes written into this level since open: flushes for L0, compaction outputs below, and ingested tables.</summary>
    public long BytesWritten { get; init; }

    /// <summary>Tables moved into this level without a rewrite since open.</summary>
    public long TrivialMoves { get; init; }

    /// <summary>Compactions that wrote into this level since open.</summary>
    public long Compactions { get; init; }
}
