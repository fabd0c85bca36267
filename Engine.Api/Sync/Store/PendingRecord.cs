using Google.Protobuf;

namespace Engine.Api.Sync.Store;

/// <summary>One record of a write call on its way into the batch: what the caller gave, then what will be stored.</summary>
/// <remarks>A mutable struct: reach it through <c>ref</c>, never by copy.</remarks>
internal struct PendingRecord
{
    /// <summary>The primary id (SQLite's external_id).</summary>
    public string Id;

    /// <summary>The message whose deterministic encoding is the blob.</summary>
    public IMessage Message;

    public SideColumns Columns;

    public int ColumnCount;

    /// <summary>Parent-present for resources; the expansion bits are decided by the upsert.</summary>
    public Records.RecordFlags Flags;

    /// <summary>A grant's incoming expansion (null = NULL).</summary>
    public byte[]? Expansion;

    /// <summary>For IfNewer writes: when the record was discovered (ns since the epoch); null never writes.</summary>
    public long? DiscoveredAt;
}
