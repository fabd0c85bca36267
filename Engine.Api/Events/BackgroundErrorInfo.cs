using System;

namespace Engine.Api.Events;

/// <summary>A failed flush or compaction.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record BackgroundErrorInfo
{
    /// <summary>"flush" or "compaction".</summary>
    public required string Activity { get; init; }

    /// <summary>The error; the store's writes fail with it from now on.</summary>
    public required Exception Error { get; init; }
}
