using System;

namespace Engine.Api.Gateway;

/// <summary>What a gateway offers; a missing capability means the feature is off (fail-closed).</summary>
[Flags]
public enum SyncCapabilities
{
    /// <summary>Nothing beyond push, pull and cursors.</summary>
    None = 0,

    /// <summary>Paged snapshots for bootstrapping (<c>snapshotBootstrap: snapshot-v1</c>).</summary>
    SnapshotV1 = 1,

    /// <summary>Bounded history: GC of the change log and tombstones (<c>historyRetention: snapshot-v1</c>).</summary>
    HistoryRetentionV1 = 2,
}
