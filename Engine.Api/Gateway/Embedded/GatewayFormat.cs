using System;
using Engine.Api.Sync.Records;
using MessagePack;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The format record of the embedded gateway stores (<see cref="GatewayKeyspace.Format"/>, docs/format/gateway.md):
/// written when a store first opens a database, and checked on every open so that a database written by a newer format
/// is refused rather than misread.
/// </summary>
/// <remarks>Both embedded stores call <see cref="Ensure"/>; it is idempotent. Stateless; thread-safe.</remarks>
internal static class GatewayFormat
{
    /// <summary>The format version this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    private static readonly byte[] s_key = [(byte)GatewayKeyspace.Format];

    /// <summary>Writes the format record when it is missing; refuses a database of another format.</summary>
    /// <exception cref="StorageException">The database holds a gateway format this code does not know (FailedPrecondition).</exception>
    /// <exception cref="CorruptionException">The format record does not parse.</exception>
    public static void Ensure(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        byte[]? stored = database.Get(s_key);
        if (stored is null)
        {
            database.Put(s_key, RecordSerializer.Serialize(new Record()), Durability.Synced);
            return;
        }

        if (!RecordSerializer.TryDeserialize(stored, out Record? record))
        {
            throw new CorruptionException("<gateway>", s_key, "the gateway format record does not parse");
        }

        if (record!.FormatVersion != CurrentVersion)
        {
            throw new StorageException(
                StorageErrorCode.FailedPrecondition,
                $"the database holds gateway format {record.FormatVersion}; this code reads format {CurrentVersion}");
        }
    }

    /// <summary>The stored format record.</summary>
    [MessagePackObject]
    internal sealed class Record
    {
        [Key(0)]
        public int FormatVersion { get; set; } = CurrentVersion;
    }
}
