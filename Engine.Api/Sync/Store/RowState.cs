using Google.Protobuf;

namespace Engine.Api.Sync.Store;

/// <summary>
/// One distinct id of a write call: what is stored under it before the call, and what the call's rows, applied in
/// order, make of it.
/// </summary>
/// <remarks>A mutable struct: reach it through <c>ref</c>, never by copy.</remarks>
internal struct RowState
{
    /// <summary>A record was stored under the id before the call.</summary>
    public bool StoredBefore;

    /// <summary>Its needs_expansion before the call (so the call knows whether the index entry changes).</summary>
    public bool NeedsBefore;

    /// <summary>A record exists: stored before, or inserted by an earlier row of the call.</summary>
    public bool Exists;

    public long DiscoveredAt;

    public SideColumns Columns;

    public int ColumnCount;

    public Records.RecordFlags Flags;

    public byte[]? Expansion;

    /// <summary>The blob's message to write; null while the call leaves the record as stored.</summary>
    public IMessage? Message;
}
