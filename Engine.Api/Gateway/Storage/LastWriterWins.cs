namespace Engine.Api.Gateway.Storage;

/// <summary>How an op fares against a record's stored state.</summary>
/// <param name="Wins">Whether the op replaces the record's state.</param>
/// <param name="WasExisting">Whether the record existed (a row, live or deleted, or an orphan tombstone).</param>
/// <param name="Winner">When the op loses: the state that beat it.</param>
public readonly record struct LwwDecision(bool Wins, bool WasExisting, PushWinner? Winner);

/// <summary>
/// The one last-writer-wins rule every store applies (spec sync-gateway.md 1.3 (6) and 4): an op wins when its
/// revision compares strictly greater than the record's; a record with no row but a tombstone compares with the
/// tombstone (so a stale put cannot resurrect it); a record with neither is won by any op.
/// </summary>
public static class LastWriterWins
{
    /// <summary>Decides <paramref name="op"/> against the stored row and tombstone (either may be null).</summary>
    public static LwwDecision Decide(PreparedOp op, MaterializedRecord? row, TombstoneRecord? tombstone)
    {
        if (row is not null)
        {
            if (op.Revision > row.Revision)
            {
                return new LwwDecision(true, true, null);
            }

            PushWinner winner = row.Deleted
                ? new DeleteWinner(row.Revision, tombstone?.ServerDeletedAt ?? row.UpdatedAt)
                : new PutWinner(row.Revision, row.PayloadJson);
            return new LwwDecision(false, true, winner);
        }

        if (tombstone is not null)
        {
            return op.Revision > tombstone.Revision
                ? new LwwDecision(true, true, null)
                : new LwwDecision(false, true, new DeleteWinner(tombstone.Revision, tombstone.ServerDeletedAt));
        }

        return new LwwDecision(true, false, null);
    }
}
