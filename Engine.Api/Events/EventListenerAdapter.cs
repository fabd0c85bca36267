using Engine.Lsm.Events;

namespace Engine.Api.Events;

/// <summary>Passes the engine's events, unchanged, to a public <see cref="DatabaseEventListener"/>.</summary>
/// <remarks>
/// The payloads are the engine's own public types; only the listener base class is separate. The engine's
/// <see cref="LsmEventListener"/> stays internal because how it is called is the engine's business (its dispatcher
/// catches and counts a handler's exceptions, and may gain other internal checks), and the public base class keeps
/// its documentation in terms of the public surface (<see cref="DatabaseOptions.EventListener"/>, <see cref="DatabaseMetrics.ListenerErrors"/>).
/// Stateless; as thread-safe as the listener it wraps.
/// </remarks>
internal sealed class EventListenerAdapter(DatabaseEventListener listener) : LsmEventListener
{
    public override void OnFlushBegin(FlushInfo info) => listener.OnFlushBegin(info);

    public override void OnFlushEnd(FlushInfo info) => listener.OnFlushEnd(info);

    public override void OnCompactionBegin(CompactionInfo info) => listener.OnCompactionBegin(info);

    public override void OnCompactionEnd(CompactionInfo info) => listener.OnCompactionEnd(info);

    public override void OnStallBegin(StallInfo info) => listener.OnStallBegin(info);

    public override void OnStallEnd(StallInfo info) => listener.OnStallEnd(info);

    public override void OnBackgroundError(BackgroundErrorInfo info) => listener.OnBackgroundError(info);
}
