using System;

// Declared in Engine.Api.Events although the file lives in Engine.Lsm/Events, for the reason given in FlushInfo.cs.
namespace Engine.Api.Events;

/// <summary>A failed flush or compaction: the store stops acknowledging writes until it is reopened.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record BackgroundErrorInfo
{
    /// <summary>"flush" or "compaction".</summary>
    public required string Activity { get; init; }

    /// <summary>The error; the store's writes fail with it from now on.</summary>
    public required Exception Error { get; init; }
}
