using System;

namespace Engine.Cli.Demo;

/// <summary>What the retention cleanup did: syncs and bytes before and after.</summary>
internal sealed record DemoCleanup(int SyncsBefore, int SyncsAfter, long BytesBefore, long BytesAfter, TimeSpan Elapsed)
{
    public int SyncsDeleted => SyncsBefore - SyncsAfter;
}
