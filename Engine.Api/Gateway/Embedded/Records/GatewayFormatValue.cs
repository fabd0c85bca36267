using MessagePack;

namespace Engine.Api.Gateway.Embedded.Records;

/// <summary>The value of the gateway's format record (<see cref="GatewayKeyspace.Format"/>): the layout version of every gateway keyspace.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered. Mutable for deserialization only.</remarks>
[MessagePackObject]
internal sealed class GatewayFormatValue
{
    /// <summary>The layout this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;
}
