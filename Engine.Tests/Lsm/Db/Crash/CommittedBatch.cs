using Engine.Lsm.Options;

namespace Engine.Tests.Lsm.Db.Crash;

/// <summary>
/// A batch the store acknowledged: its first sequence number (the store's commit order), its operations, the
/// durability it asked for, and the crash epoch read just after the acknowledgement — every capture with a larger
/// epoch was taken after the write returned. Immutable.
/// </summary>
internal sealed record CommittedBatch(ulong Sequence, CrashOp[] Ops, Durability Durability, int AckEpoch)
{
    /// <summary>True when a crash of the given kind, taken after the acknowledgement, must keep this batch.</summary>
    public bool MustSurvive(bool processCrash) =>
        Durability == Durability.Synced || (processCrash && Durability == Durability.Flushed);
}
