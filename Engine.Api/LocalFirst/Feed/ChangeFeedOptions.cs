using System;

namespace Engine.Api.LocalFirst.Feed;

/// <summary>How much of the recent past the change feed keeps for watchers.</summary>
public sealed record ChangeFeedOptions
{
    /// <summary>The defaults.</summary>
    public static readonly ChangeFeedOptions Default = new();

    /// <summary>
    /// The bytes of recent committed batches kept in memory for watchers (8 MiB by default): a watcher further behind
    /// than this reads older changes from the retained WAL (<see cref="RetainedLogBytes"/>), or falls behind. The
    /// newest batch is always kept, however large.
    /// </summary>
    public long BufferBytes { get; init; } = 8L << 20;

    /// <summary>
    /// The bytes of write-ahead log kept after its changes are flushed into tables (64 MiB by default), so that a
    /// watcher can resume from an older sequence number, also after the store reopens. Zero keeps none.
    /// </summary>
    public long RetainedLogBytes { get; init; } = 64L << 20;

    internal void Validate()
    {
        if (BufferBytes is < 4096 or > 1L << 32)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferBytes), BufferBytes, "between 4 KiB and 4 GiB");
        }

        if (RetainedLogBytes is < 0 or > 1L << 40)
        {
            throw new ArgumentOutOfRangeException(nameof(RetainedLogBytes), RetainedLogBytes, "between 0 and 1 TiB");
        }
    }
}
