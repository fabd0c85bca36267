using System;

namespace Engine.Api.Sync.V1;

/// <summary>Settings of an import of a v1 <c>.c1z</c> file (<see cref="V1Import"/>); immutable.</summary>
public sealed record V1ImportOptions
{
    /// <summary>The defaults: the decoder limits from the environment, the local zone, the system's temp directory.</summary>
    public static V1ImportOptions Default => new();

    /// <summary>The decoder's size and window limits; by default the reference's, with its environment overrides.</summary>
    public V1DecoderLimits Limits { get; init; } = V1DecoderLimits.FromEnvironment();

    /// <summary>The zone the file's zone-less timestamps were written in: the writer's local zone, as the reference assumes.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>Where the decoded database is written while it is read (deleted after); null for <see cref="System.IO.Path.GetTempPath"/>.</summary>
    public string? TempDirectory { get; init; }
}
