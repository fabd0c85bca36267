using System;
using System.Threading;
using Engine.Api.Events;

namespace Engine.Lsm.Events;

/// <summary>Calls the store's event listener, if any, and keeps a handler's exception from reaching the engine.</summary>
/// <remarks>Thread-safe: the error counter is updated atomically; the listener must be thread-safe itself.</remarks>
internal sealed class EventDispatcher
{
    private readonly LsmEventListener? _listener;
    private long _errors;

    public EventDispatcher(LsmEventListener? listener)
    {
        _listener = listener;
    }

    /// <summary>True when a listener is set: callers skip building events otherwise.</summary>
    public bool Enabled => _listener is not null;

    /// <summary>Exceptions thrown by the listener's handlers, caught and counted.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public void FlushBegin(FlushInfo info) => Call(static (l, i) => l.OnFlushBegin(i), info);

    public void FlushEnd(FlushInfo info) => Call(static (l, i) => l.OnFlushEnd(i), info);

    public void CompactionBegin(CompactionInfo info) => Call(static (l, i) => l.OnCompactionBegin(i), info);

    public void CompactionEnd(CompactionInfo info) => Call(static (l, i) => l.OnCompactionEnd(i), info);

    public void StallBegin(StallInfo info) => Call(static (l, i) => l.OnStallBegin(i), info);

    public void StallEnd(StallInfo info) => Call(static (l, i) => l.OnStallEnd(i), info);

    public void BackgroundError(BackgroundErrorInfo info) => Call(static (l, i) => l.OnBackgroundError(i), info);

    private void Call<T>(Action<LsmEventListener, T> handler, T info)
    {
        if (_listener is null)
        {
            return;
        }

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
    }
}
