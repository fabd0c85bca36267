using System;
using System.Collections.Generic;
using C1.Reader.V2;
using Engine.Api.Sync.Results;

namespace Engine.Cli.Demo;

/// <summary>Everything the demo measured, gathered before the store closes so that it prints from memory.</summary>
internal sealed record DemoReport(
    DemoSettings Settings,
    IReadOnlyList<DemoSyncTiming> Syncs,
    IReadOnlyList<DemoChurn> Churn,
    SyncStats LastSyncStats,
    SyncComparison? Diff,
    IReadOnlyList<SyncChange> DiffExamples,
    DemoCleanup Cleanup,
    TimeSpan Total,
    long StoreBytes);
