using System;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// One record's row and tombstone as a push sees them: loaded once, changed by each winning op of the push in order,
/// then written to the push's batch.
/// </summary>
/// <remarks>One push owns it; not thread-safe.</remarks>
internal sealed class RecordState
{
    // The tombv entry of the stored tombstone: a rewritten tombstone must delete it in the same batch.
    private readonly long? _storedTombstoneVersion;
    private bool _rowChanged;
    private bool _tombstoneChanged;

    public RecordState(string workspaceId, string table, string pk, RowValue? row, TombstoneValue? tombstone)
    {
        WorkspaceId = workspaceId;
        Table = table;
        Pk = pk;
        Row = row;
        Tombstone = tombstone;
        _storedTombstoneVersion = tombstone?.ServerVersion;
    }

    public string WorkspaceId { get; }

    public string Table { get; }

    public string Pk { get; }

    public RowValue? Row { get; private set; }

    public TombstoneValue? Tombstone { get; private set; }

    /// <summary>The op id of the record's materialized winner: its row's, or its orphan tombstone's.</summary>
    public string? WinnerOpId => Row?.OpId ?? Tombstone?.OpId;

    /// <summary>Decides <paramref name="op"/> against the current state with the shared rule.</summary>
    public LwwDecision Decide(PreparedOp op) => LastWriterWins.Decide(op, ToRecord(Row), ToRecord(Tombstone));

    /// <summary>
    /// Makes a winning put the record's state: the payload replaces the row's and clears its delete. A stored tombstone
    /// stays until tombstone GC, as in the reference; the live row, compared first, outranks it everywhere.
    /// </summary>
    public void ApplyPut(PreparedOp op, long now)
    {
        Row = NewRow(op, deleted: false, now);
        _rowChanged = true;
    }

    /// <summary>Makes a winning delete the record's state: the row marked deleted and the tombstone rewritten.</summary>
    public void ApplyDelete(PreparedOp op, long serverVersion, long now)
    {
        Row = NewRow(op, deleted: true, now);
        Tombstone = new TombstoneValue
        {
            Clock = op.Stamp.Clock,
            Hlc = op.Stamp.Hlc,
            OpId = op.OpId,
            ServerVersion = serverVersion,
            ServerDeletedAt = now,
            CreatedAt = Tombstone?.CreatedAt ?? now,
        };
        _rowChanged = true;
        _tombstoneChanged = true;
    }

    /// <summary>Adds the changed row, tombstone and tombstone index entries to <paramref name="batch"/>.</summary>
    public void WriteTo(WriteBatch batch)
    {
        if (_rowChanged)
        {
            batch.Put(GatewayKeys.Row(WorkspaceId, Table, Pk), GatewayRecords.Serialize(Row!));
        }

        if (_tombstoneChanged)
        {
            TombstoneValue tombstone = Tombstone!;
            batch.Put(GatewayKeys.Tombstone(WorkspaceId, Table, Pk), GatewayRecords.Serialize(tombstone));
            if (_storedTombstoneVersion is long stored && stored != tombstone.ServerVersion)
            {
                batch.Delete(GatewayKeys.TombstoneByVersion(WorkspaceId, stored, Table, Pk));
            }

            batch.Put(GatewayKeys.TombstoneByVersion(WorkspaceId, tombstone.ServerVersion, Table, Pk), ReadOnlySpan<byte>.Empty);
        }
    }

    public static MaterializedRecord? ToRecord(RowValue? row) => row is null
        ? null
        : new MaterializedRecord(row.Payload, new Revision(row.Clock, row.Hlc, row.OpId), row.DeviceId, row.Deleted, row.CreatedAt, row.UpdatedAt);

    public static TombstoneRecord? ToRecord(TombstoneValue? tombstone) => tombstone is null
        ? null
        : new TombstoneRecord(new Revision(tombstone.Clock, tombstone.Hlc, tombstone.OpId), tombstone.ServerVersion, tombstone.ServerDeletedAt, tombstone.CreatedAt);

    private RowValue NewRow(PreparedOp op, bool deleted, long now) => new()
    {
        Payload = deleted ? [] : op.PayloadJson?.ToArray() ?? [],
        Clock = op.Stamp.Clock,
        Hlc = op.Stamp.Hlc,
        OpId = op.OpId,
        DeviceId = op.Stamp.DeviceId,
        Deleted = deleted,
        CreatedAt = Row?.CreatedAt ?? now,
        UpdatedAt = now,
    };
}
