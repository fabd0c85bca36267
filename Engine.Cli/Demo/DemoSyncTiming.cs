using System;

namespace Engine.Cli.Demo;

/// <summary>One sync's wall time and records written.</summary>
internal sealed record DemoSyncTiming(string SyncId, long Records, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Records / Elapsed.TotalSeconds : 0;
}
