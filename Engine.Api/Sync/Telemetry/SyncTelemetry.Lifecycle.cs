using System.Diagnostics.Tracing;
using Engine.Core.Diagnostics;

namespace Engine.Api.Sync.Telemetry;

/// <summary>The sync lifecycle on the <see cref="EngineEventSource"/>: started, resumed, ended, deleted.</summary>
internal sealed partial class SyncTelemetry
{
    private static bool SyncEventsEnabled => EngineEventSource.Log.IsEnabled(EventLevel.Informational, EngineEventSource.Keywords.Sync);

    /// <summary>Raises SyncStarted for sync <paramref name="syncId"/> of <paramref name="syncType"/> (the reference's type name).</summary>
    public void SyncStarted(string syncId, string syncType, string parentSyncId)
    {
        if (SyncEventsEnabled)
        {
            EngineEventSource.Log.SyncStarted(_directory, syncId, syncType, parentSyncId);
        }
    }

    /// <summary>Raises SyncResumed.</summary>
    public void SyncResumed(string syncId, string syncType)
    {
        if (SyncEventsEnabled)
        {
            EngineEventSource.Log.SyncResumed(_directory, syncId, syncType);
        }
    }

    /// <summary>Raises SyncEnded.</summary>
    public void SyncEnded(string syncId, string syncType)
    {
        if (SyncEventsEnabled)
        {
            EngineEventSource.Log.SyncEnded(_directory, syncId, syncType);
        }
    }

    /// <summary>Raises SyncDeleted.</summary>
    public void SyncDeleted(string syncId)
    {
        if (SyncEventsEnabled)
        {
            EngineEventSource.Log.SyncDeleted(_directory, syncId);
        }
    }
}
