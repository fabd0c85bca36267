using System.Collections.Generic;

namespace Engine.Api.Sync.Transfer;

/// <summary>
/// Something syncs can be written into as they are stored elsewhere: ids, instants, tokens and blob bytes kept, nothing
/// stamped with "now", no upsert rule applied. Used by import and export; not a connector-facing write path.
/// </summary>
public interface ISyncTransferTarget
{
    /// <summary>Adds sync run <paramref name="run"/> as given; runs arrive in the source's creation order.</summary>
    /// <exception cref="StorageException">AlreadyExists: a sync with that id is stored.</exception>
    void ImportRun(TransferRun run);

    /// <summary>Stores <paramref name="rows"/> in <paramref name="table"/> of sync <paramref name="syncId"/> as one atomic write.</summary>
    void ImportRecords(string syncId, RecordTable table, IReadOnlyList<TransferRecord> rows);

    /// <summary>Stores <paramref name="asset"/> in sync <paramref name="syncId"/>.</summary>
    void ImportAsset(string syncId, TransferAsset asset);

    /// <summary>Stores the session entries <paramref name="values"/> of sync <paramref name="syncId"/>.</summary>
    void ImportSessions(string syncId, IReadOnlyList<KeyValuePair<string, byte[]>> values);
}
