using System;

namespace Engine.Api.Gateway;

/// <summary>What one GC call did.</summary>
/// <param name="CursorsExpired">Device cursors idle for longer than the retention, removed first.</param>
/// <param name="EntriesDeleted">Change-log entries (or tombstones) removed.</param>
/// <param name="NewOldestRetainedVersion">The smallest version still in the change log afterwards (counter + 1 when empty).</param>
public sealed record GcResult(int CursorsExpired, long EntriesDeleted, long NewOldestRetainedVersion);

/// <summary>The state of maintenance runs (GC), as the admin surface reports it.</summary>
/// <param name="Enabled">Whether GC may run (both <c>snapshot-v1</c> capabilities are declared).</param>
/// <param name="State"><c>idle</c>, <c>running</c> or <c>failed</c>.</param>
/// <param name="LastRun">When the last run ended.</param>
/// <param name="Backlog">Change-log entries eligible for GC at the last run, when known.</param>
/// <param name="LastError">The last failed run's message.</param>
public sealed record MaintenanceState(bool Enabled, string State, DateTimeOffset? LastRun, long? Backlog, string? LastError);
