using Engine.Lsm.Events;

namespace Engine.Api.Events;

/// <summary>Passes the engine's events to a public <see cref="DatabaseEventListener"/>.</summary>
/// <remarks>Stateless; as thread-safe as the listener it wraps.</remarks>
internal sealed class EventListenerAdapter(DatabaseEventListener listener) : LsmEventListener
{
    public override void OnFlushBegin(FlushEvent info) => listener.OnFlushBegin(Map(info));

    public override void OnFlushEnd(FlushEvent info) => listener.OnFlushEnd(Map(info));

    public override void OnCompactionBegin(CompactionEvent info) => listener.OnCompactionBegin(Map(info));

    public override void OnCompactionEnd(CompactionEvent info) => listener.OnCompactionEnd(Map(info));

    public override void OnStallBegin(StallEvent info) => listener.OnStallBegin(Map(info));

    public override void OnStallEnd(StallEvent info) => listener.OnStallEnd(Map(info));

    public override void OnBackgroundError(BackgroundErrorEvent info) =>
        listener.OnBackgroundError(new BackgroundErrorInfo { Activity = info.Activity, Error = info.Error });

    private static FlushInfo Map(FlushEvent e) => new()
    {
        MemtableBytes = e.MemtableBytes,
        TableNumber = e.TableNumber,
        TableBytes = e.TableBytes,
        Duration = e.Duration,
    };

    private static CompactionInfo Map(CompactionEvent e) => new()
    {
        JobId = e.JobId,
        Reason = e.Reason.ToString(),
        StartLevel = e.StartLevel,
        OutputLevel = e.OutputLevel,
        InputFiles = e.InputFiles,
        InputBytes = e.InputBytes,
        TrivialMove = e.TrivialMove,
        OutputFiles = e.OutputFiles,
        OutputBytes = e.OutputBytes,
        Duration = e.Duration,
        Aborted = e.Aborted,
    };

    private static StallInfo Map(StallEvent e) => new() { Reason = e.Reason.ToString(), Duration = e.Duration };
}
