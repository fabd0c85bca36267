namespace Engine.Api.Sync.Telemetry;

/// <summary>Records of one kind read and written since the store opened (<see cref="SyncStoreMetrics.Records"/>).</summary>
/// <remarks>
/// Immutable; thread-safe. Bytes are those of the stored values (the record envelope with its message), not of keys or
/// index entries. A record is read each time the store parses it: by a listing, a get, a stream, an export, or the
/// read-before-write of an upsert into a sync that already holds records of its kind.
/// </remarks>
public sealed record SyncRecordMetrics
{
    /// <summary>Records read.</summary>
    public long RecordsRead { get; init; }

    /// <summary>Bytes of the records read.</summary>
    public long BytesRead { get; init; }

    /// <summary>Records written.</summary>
    public long RecordsWritten { get; init; }

    /// <summary>Bytes of the records written.</summary>
    public long BytesWritten { get; init; }
}
