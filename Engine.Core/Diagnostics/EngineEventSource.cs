using System.Diagnostics.Tracing;

namespace Engine.Core.Diagnostics;

/// <summary>
/// The engine's own events for tracing tools: <c>dotnet-trace collect --providers Engine</c> shows them beside the
/// runtime's, and an in-process <see cref="EventListener"/> can enable them. One source per process, named
/// <see cref="SourceName"/>; every event carries the store's directory first, so a listener can tell stores apart.
/// </summary>
/// <remarks>
/// <para>
/// Areas have their own keywords (<see cref="Keywords"/>) so a session can take, say, compactions alone. Raisers check
/// <see cref="EventSource.IsEnabled(EventLevel, EventKeywords)"/> first: with no session the cost is one field read.
/// The events are rare (one per flush, compaction, stall, slow operation or sync transition), so the payload overloads
/// that box are acceptable where no typed overload exists.
/// </para>
/// <para>Thread-safe: events may be written from any thread.</para>
/// <para>
/// Ids are part of the contract with saved traces: add new events with new ids, never renumber.
/// </para>
/// </remarks>
[EventSource(Name = SourceName)]
internal sealed class EngineEventSource : EventSource
{
    /// <summary>The provider name to give <c>dotnet-trace</c> or an <see cref="EventListener"/>.</summary>
    public const string SourceName = "Engine";

    /// <summary>The one instance.</summary>
    public static readonly EngineEventSource Log = new();

    private EngineEventSource()
    {
    }

    /// <summary>One keyword per area.</summary>
    public static class Keywords
    {
        /// <summary>Memtable flushes.</summary>
        public const EventKeywords Flush = (EventKeywords)0x1;

        /// <summary>Compactions.</summary>
        public const EventKeywords Compaction = (EventKeywords)0x2;

        /// <summary>Write stalls.</summary>
        public const EventKeywords Stall = (EventKeywords)0x4;

        /// <summary>Failed flushes and compactions.</summary>
        public const EventKeywords Error = (EventKeywords)0x8;

        /// <summary>Sync store operations slower than the store's threshold.</summary>
        public const EventKeywords SlowOperation = (EventKeywords)0x10;

        /// <summary>The sync lifecycle: started, resumed, ended, deleted.</summary>
        public const EventKeywords Sync = (EventKeywords)0x20;
    }

    /// <summary>A flush begins: the memtable's size in bytes.</summary>
    [Event(1, Level = EventLevel.Informational, Keywords = Keywords.Flush, Opcode = EventOpcode.Start, Task = Tasks.Flush)]
    public void FlushBegin(string directory, long memtableBytes) => WriteEvent(1, directory, memtableBytes);

    /// <summary>A flush ends: the table written (0 when none), its size and the time taken in milliseconds.</summary>
    [Event(2, Level = EventLevel.Informational, Keywords = Keywords.Flush, Opcode = EventOpcode.Stop, Task = Tasks.Flush)]
    public void FlushEnd(string directory, long tableNumber, long tableBytes, double durationMs) =>
        WriteEvent(2, directory, tableNumber, tableBytes, durationMs);

    /// <summary>A compaction begins: its job id, reason, levels and inputs.</summary>
    [Event(3, Level = EventLevel.Informational, Keywords = Keywords.Compaction, Opcode = EventOpcode.Start, Task = Tasks.Compaction)]
    public void CompactionBegin(string directory, long jobId, string reason, int startLevel, int outputLevel, int inputFiles, long inputBytes, bool trivialMove) =>
        WriteEvent(3, directory, jobId, reason, startLevel, outputLevel, inputFiles, inputBytes, trivialMove);

    /// <summary>A compaction ends: its outputs, the time taken in milliseconds and whether its result was discarded.</summary>
    [Event(4, Level = EventLevel.Informational, Keywords = Keywords.Compaction, Opcode = EventOpcode.Stop, Task = Tasks.Compaction)]
    public void CompactionEnd(string directory, long jobId, int outputFiles, long outputBytes, double durationMs, bool aborted) =>
        WriteEvent(4, directory, jobId, outputFiles, outputBytes, durationMs, aborted);

    /// <summary>A writer starts waiting for flush or compaction.</summary>
    [Event(5, Level = EventLevel.Warning, Keywords = Keywords.Stall, Opcode = EventOpcode.Start, Task = Tasks.Stall)]
    public void StallBegin(string directory, string reason) => WriteEvent(5, directory, reason);

    /// <summary>A stalled writer goes on, after waiting the given milliseconds.</summary>
    [Event(6, Level = EventLevel.Warning, Keywords = Keywords.Stall, Opcode = EventOpcode.Stop, Task = Tasks.Stall)]
    public void StallEnd(string directory, string reason, double durationMs) => WriteEvent(6, directory, reason, durationMs);

    /// <summary>A flush or compaction failed; the store refuses writes from now on.</summary>
    [Event(7, Level = EventLevel.Error, Keywords = Keywords.Error)]
    public void BackgroundError(string directory, string activity, string error) => WriteEvent(7, directory, activity, error);

    /// <summary>A sync store operation took longer than the store's threshold.</summary>
    [Event(8, Level = EventLevel.Warning, Keywords = Keywords.SlowOperation)]
    public void SlowOperation(string directory, string operation, string syncId, string filters, int pageSize, int rows, double durationMs) =>
        WriteEvent(8, directory, operation, syncId, filters, pageSize, rows, durationMs);

    /// <summary>A sync was started (its parent is empty when it has none).</summary>
    [Event(9, Level = EventLevel.Informational, Keywords = Keywords.Sync)]
    public void SyncStarted(string directory, string syncId, string syncType, string parentSyncId) =>
        WriteEvent(9, directory, syncId, syncType, parentSyncId);

    /// <summary>An unfinished sync was bound again to go on writing into it.</summary>
    [Event(10, Level = EventLevel.Informational, Keywords = Keywords.Sync)]
    public void SyncResumed(string directory, string syncId, string syncType) => WriteEvent(10, directory, syncId, syncType);

    /// <summary>A sync was ended.</summary>
    [Event(11, Level = EventLevel.Informational, Keywords = Keywords.Sync)]
    public void SyncEnded(string directory, string syncId, string syncType) => WriteEvent(11, directory, syncId, syncType);

    /// <summary>A sync and everything it held was deleted.</summary>
    [Event(12, Level = EventLevel.Informational, Keywords = Keywords.Sync)]
    public void SyncDeleted(string directory, string syncId) => WriteEvent(12, directory, syncId);

    /// <summary>Tasks pair the begin and end events of one activity.</summary>
    public static class Tasks
    {
        /// <summary>A flush.</summary>
        public const EventTask Flush = (EventTask)1;

        /// <summary>A compaction.</summary>
        public const EventTask Compaction = (EventTask)2;

        /// <summary>A stall.</summary>
        public const EventTask Stall = (EventTask)3;
    }
}
