using MessagePack;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>The value of a series record key (<c>0x42 ‖ tuple(series)</c>): the series' retention.</summary>
/// <remarks>
/// Versioned contract: MessagePack array with integer keys, never renumbered; a series without retention has no record.
/// Mutable for deserialization only.
/// </remarks>
[MessagePackObject]
internal sealed class SeriesRecord
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    [Key(0)]
    public int FormatVersion { get; set; } = CurrentVersion;

    /// <summary>How long points are kept, in ticks (100 ns); positive.</summary>
    [Key(1)]
    public long RetentionTicks { get; set; }
}
