namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>A stored record of the embedded gateway stores, which carries its contract version under MessagePack key 0.</summary>
/// <remarks>
/// Every record type is at version <see cref="CurrentVersion"/>; a reader rejects any other (<see cref="GatewayRecords"/>).
/// The database's layout version is a separate number, in <see cref="GatewayFormatValue"/>.
/// </remarks>
internal interface IVersionedRecord
{
    /// <summary>The contract version this code writes and reads.</summary>
    const int CurrentVersion = 1;

    /// <summary>The contract version the record was written with.</summary>
    int FormatVersion { get; }
}
