using MessagePack;

namespace Engine.Api.Sync.Records;

/// <summary>One session value as stored under a Session key (docs/format/keyspace.md): the connector's bytes, versioned.</summary>
/// <remarks>Versioned contract: integer keys, never renumbered; a reader rejects a <see cref="FormatVersion"/> it does not know.</remarks>
[MessagePackObject]
internal sealed class SessionValue
{
    /// <summary>The contract version this code writes.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    [Key(1)]
    public byte[] Value { get; set; } = [];
}
