namespace Engine.Api.Events;

/// <summary>
/// Receives a store's background events: flushes, compactions and write stalls as begin/end pairs, and background
/// errors. Override what you need; every method does nothing by default. Set it with
/// <see cref="DatabaseOptions.EventListener"/>.
/// </summary>
/// <remarks>
/// Handlers run on the thread doing the work (a background thread, or the writer that stalls) without the store's
/// internal lock, so they may read from the store; they should return quickly, since the work waits for them. Writing,
/// flushing, compacting or checkpointing the store from a handler throws <see cref="System.InvalidOperationException"/>
/// (the thread may be what the store is waiting for): queue such work to another thread and do not wait for it. An
/// exception thrown by a handler is caught and counted in <see cref="DatabaseMetrics.ListenerErrors"/>; it never
/// fails the store. Implementations must be thread-safe: flushes and compactions run concurrently.
/// </remarks>
public abstract class DatabaseEventListener
{
    /// <summary>A memtable flush starts.</summary>
    public virtual void OnFlushBegin(FlushInfo info)
    {
    }

    /// <summary>A memtable flush finished and its table is part of the store.</summary>
    public virtual void OnFlushEnd(FlushInfo info)
    {
    }

    /// <summary>A compaction starts.</summary>
    public virtual void OnCompactionBegin(CompactionInfo info)
    {
    }

    /// <summary>A compaction finished, or was aborted (<see cref="CompactionInfo.Aborted"/>).</summary>
    public virtual void OnCompactionEnd(CompactionInfo info)
    {
    }

    /// <summary>A writer starts waiting for flush or compaction.</summary>
    public virtual void OnStallBegin(StallInfo info)
    {
    }

    /// <summary>A stalled writer goes on.</summary>
    public virtual void OnStallEnd(StallInfo info)
    {
    }

    /// <summary>A flush or compaction failed; the store stops accepting writes until reopened.</summary>
    public virtual void OnBackgroundError(BackgroundErrorInfo info)
    {
    }
}
