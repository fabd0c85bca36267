using System;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Sync.Store;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The format record every embedded gateway store checks when it opens (key <see cref="GatewayKeyspace.Format"/>):
/// written on first use, and a database written by a newer layout is refused before anything is read or written.
/// </summary>
/// <remarks>
/// Stateless; thread-safe. Two stores sharing one database may both write the record at once: they write the same
/// bytes, so either write is the record.
/// </remarks>
internal static class GatewayFormat
{
    /// <summary>Checks the format record of <paramref name="database"/>, writing it (synced) when absent.</summary>
    /// <exception cref="StorageException">The database holds a newer gateway layout (FailedPrecondition), or the write failed.</exception>
    /// <exception cref="CorruptionException">The format record does not parse.</exception>
    public static void Ensure(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        byte[] key = GatewayKeys.Format();
        GatewayFormatValue? stored = GatewayRecords.Get<GatewayFormatValue>(database, key);
        if (stored is null)
        {
            database.Put(key, GatewayRecords.Serialize(new GatewayFormatValue()), Durability.Synced);
            return;
        }

        if (stored.FormatVersion > GatewayFormatValue.CurrentVersion)
        {
            SyncErrors.FailedPrecondition(
                $"the gateway data has format version {stored.FormatVersion}; this version reads up to {GatewayFormatValue.CurrentVersion}");
        }
    }
}
