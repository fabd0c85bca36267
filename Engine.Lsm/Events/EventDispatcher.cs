using System;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;
using System.Threading;
using Engine.Api.Events;
using Engine.Core.Diagnostics;

namespace Engine.Lsm.Events;

/// <summary>
/// Raises the store's events: on the process's <see cref="EngineEventSource"/> when a tracing session listens (every
/// store, listener or not), then on the store's event listener, if any, keeping a handler's exception from reaching the
/// engine.
/// </summary>
/// <remarks>
/// Thread-safe: the error counter is updated atomically; the listener must be thread-safe itself. Handlers run
/// synchronously on the thread doing the work, which may hold the commit queue or be what a stalled writer waits
/// for, so the store refuses writes, flushes and compactions from inside a handler (<see cref="ThrowIfInHandler"/>)
/// rather than deadlock or reuse the interrupted write's per-thread batch.
/// </remarks>
internal sealed class EventDispatcher
{
    // Thread-local: handlers running on this thread (nested only through a handler's own reads).
    [ThreadStatic]
    private static int s_handlerDepth;

    private static readonly EngineEventSource s_trace = EngineEventSource.Log;

    private readonly LsmEventListener? _listener;
    private readonly string _directory;
    private long _errors;

    public EventDispatcher(LsmEventListener? listener, string directory)
    {
        _listener = listener;
        _directory = directory;
    }

    /// <summary>True when a listener is set or a tracing session listens: callers skip building events otherwise.</summary>
    public bool Enabled => _listener is not null || s_trace.IsEnabled();

    /// <summary>Exceptions thrown by the listener's handlers, caught and counted.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public void FlushBegin(FlushInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Informational, EngineEventSource.Keywords.Flush))
        {
            s_trace.FlushBegin(_directory, info.MemtableBytes);
        }

        Call(static (l, i) => l.OnFlushBegin(i), info);
    }

    public void FlushEnd(FlushInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Informational, EngineEventSource.Keywords.Flush))
        {
            s_trace.FlushEnd(_directory, (long)info.TableNumber, info.TableBytes, info.Duration.TotalMilliseconds);
        }

        Call(static (l, i) => l.OnFlushEnd(i), info);
    }

    public void CompactionBegin(CompactionInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Informational, EngineEventSource.Keywords.Compaction))
        {
            s_trace.CompactionBegin(_directory, info.JobId, info.Reason.ToString(), info.StartLevel, info.OutputLevel, info.InputFiles, info.InputBytes, info.TrivialMove);
        }

        Call(static (l, i) => l.OnCompactionBegin(i), info);
    }

    public void CompactionEnd(CompactionInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Informational, EngineEventSource.Keywords.Compaction))
        {
            s_trace.CompactionEnd(_directory, info.JobId, info.OutputFiles, info.OutputBytes, info.Duration.TotalMilliseconds, info.Aborted);
        }

        Call(static (l, i) => l.OnCompactionEnd(i), info);
    }

    public void StallBegin(StallInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Warning, EngineEventSource.Keywords.Stall))
        {
            s_trace.StallBegin(_directory, info.Reason.ToString());
        }

        Call(static (l, i) => l.OnStallBegin(i), info);
    }

    public void StallEnd(StallInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Warning, EngineEventSource.Keywords.Stall))
        {
            s_trace.StallEnd(_directory, info.Reason.ToString(), info.Duration.TotalMilliseconds);
        }

        Call(static (l, i) => l.OnStallEnd(i), info);
    }

    public void BackgroundError(BackgroundErrorInfo info)
    {
        if (s_trace.IsEnabled(EventLevel.Error, EngineEventSource.Keywords.Error))
        {
            s_trace.BackgroundError(_directory, info.Activity, info.Error.Message);
        }

        Call(static (l, i) => l.OnBackgroundError(i), info);
    }

    /// <summary>Throws when the calling thread is running an event handler.</summary>
    /// <exception cref="InvalidOperationException">Called from inside an event handler.</exception>
    public static void ThrowIfInHandler()
    {
        if (s_handlerDepth > 0)
        {
            ThrowInHandler();
        }
    }

    [DoesNotReturn]
    private static void ThrowInHandler() =>
        throw new InvalidOperationException(
            "A write, flush, compaction or checkpoint was called from an event handler. Handlers run on the thread doing the store's work (a " +
            "stalled writer, the flush or a compaction), which the store may be waiting for: writing, flushing, " +
            "compacting or checkpointing from there could corrupt the interrupted write or deadlock. Queue the work " +
            "to another thread and return from the handler without waiting for it.");

    private void Call<T>(Action<LsmEventListener, T> handler, T info)
    {
        if (_listener is null)
        {
            return;
        }

        s_handlerDepth++;
        try
        {
            handler(_listener, info);
        }
#pragma warning disable CA1031 // A listener's failure must never fail the store; it is counted instead.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _errors);
        }
        finally
        {
            s_handlerDepth--;
        }
    }
}
