using System.Collections.Generic;

namespace Engine.Api.Gateway.Storage;

/// <summary>What a store read for a pull; the gateway derives the cursor and <c>requiresSnapshot</c>.</summary>
/// <param name="Changes">Up to the limit of changes after the cursor (matching the filter), in version order.</param>
/// <param name="HasMore">Whether more matching changes follow.</param>
/// <param name="OldestRetainedVersion">The smallest version in the log; the counter + 1 when the log is empty.</param>
/// <param name="Counter">The workspace's counter (0 for a workspace never pushed to).</param>
public sealed record StorePullResult(IReadOnlyList<SyncChange> Changes, bool HasMore, long OldestRetainedVersion, long Counter);
