using System.Collections.Generic;

namespace Engine.Api.Sync.Transfer;

/// <summary>
/// Something whose syncs can be read out whole, as stored: a store, or a v1 <c>.c1z</c> file being imported. What it
/// yields is what a target must store to answer every reader method the same way.
/// </summary>
public interface ISyncTransferSource
{
    /// <summary>Every sync run, in creation order.</summary>
    IEnumerable<TransferRun> ExportRuns();

    /// <summary>Every row of <paramref name="table"/> in sync <paramref name="syncId"/>, each external id once.</summary>
    IEnumerable<TransferRecord> ExportRecords(string syncId, RecordTable table);

    /// <summary>Every asset of sync <paramref name="syncId"/>.</summary>
    IEnumerable<TransferAsset> ExportAssets(string syncId);

    /// <summary>Every session entry of sync <paramref name="syncId"/>, as (key, value).</summary>
    IEnumerable<KeyValuePair<string, byte[]>> ExportSessions(string syncId);
}
