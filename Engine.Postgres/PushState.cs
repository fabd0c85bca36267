using System;
using System.Collections.Generic;
using Engine.Api.Gateway.Storage;

namespace Engine.Postgres;

/// <summary>An op id already in <c>op_index</c>: where and as what it was logged.</summary>
/// <param name="WorkspaceId">The workspace that logged it.</param>
/// <param name="ServerVersion">Its version there.</param>
/// <param name="Fingerprint">Its fingerprint.</param>
internal sealed record LoggedOp(string WorkspaceId, long ServerVersion, byte[] Fingerprint);

/// <summary>What a push read under its workspace's counter lock: the counter and the stored state its ops touch.</summary>
internal sealed class PushState
{
    /// <summary>The workspace's counter.</summary>
    public long Counter { get; set; }

    /// <summary>When the workspace's last push committed (its change-log time), Unix milliseconds.</summary>
    public long LastCommitAt { get; set; }

    /// <summary>The batch's op ids already logged, in any workspace.</summary>
    public Dictionary<string, LoggedOp> Logged { get; } = new(StringComparer.Ordinal);

    /// <summary>The materialized records the batch touches, by (table, pk).</summary>
    public Dictionary<(string Table, string Pk), MaterializedRecord> Rows { get; } = [];

    /// <summary>The tombstones of the records the batch touches, by (table, pk).</summary>
    public Dictionary<(string Table, string Pk), TombstoneRecord> Tombstones { get; } = [];
}
