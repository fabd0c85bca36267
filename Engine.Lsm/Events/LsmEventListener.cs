using Engine.Api.Events;

namespace Engine.Lsm.Events;

/// <summary>
/// Receives the store's background events: flushes, compactions, write stalls and background errors, each as a
/// begin/end pair (errors once). Override what you need; every method does nothing by default.
/// </summary>
/// <remarks>
/// Called on the thread doing the work (a background thread, or the writer that stalls), never holding the store's
/// mutex, so a handler may read from the store; it should return quickly, since the work waits for it. A write,
/// flush, compaction or checkpoint from a handler throws <see cref="System.InvalidOperationException"/>: the thread
/// may lead the commit queue or be what a stalled writer waits for. Queue such work to another thread and do not
/// wait for it in the handler. An exception
/// thrown by a handler is caught and counted (<c>ListenerErrors</c> in the metrics), never allowed to fail the store.
/// Implementations must be thread-safe: flushes and compactions run on different tasks at once.
/// </remarks>
internal abstract class LsmEventListener
{
    public virtual void OnFlushBegin(FlushInfo info)
    {
    }

    public virtual void OnFlushEnd(FlushInfo info)
    {
    }

    public virtual void OnCompactionBegin(CompactionInfo info)
    {
    }

    public virtual void OnCompactionEnd(CompactionInfo info)
    {
    }

    public virtual void OnStallBegin(StallInfo info)
    {
    }

    public virtual void OnStallEnd(StallInfo info)
    {
    }

    public virtual void OnBackgroundError(BackgroundErrorInfo info)
    {
    }
}
