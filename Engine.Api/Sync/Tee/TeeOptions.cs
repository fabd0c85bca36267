using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Engine.Api.Sync.Tee;

/// <summary>Settings of a <see cref="TeeSyncStore"/>; immutable, read when the tee is built.</summary>
public sealed record TeeOptions
{
    /// <summary>The defaults: report divergences to the log and the metric, never throw, 1 s timestamp tolerance.</summary>
    public static readonly TeeOptions Default = new();

    /// <summary>The default tolerance between the two engines' "now" stamps: one second.</summary>
    public static readonly TimeSpan DefaultTimestampTolerance = TimeSpan.FromSeconds(1);

    /// <summary>Called once per divergence, before it is logged, counted and (with <see cref="ThrowOnDivergence"/>) thrown.</summary>
    public Action<TeeDivergence>? OnDivergence { get; init; }

    /// <summary>Where divergences are logged as warnings; null for nowhere.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Creates the tee's <see cref="Meter"/> (named <see cref="TeeSyncStore.MeterName"/>); null for a meter the tee
    /// creates and disposes itself.
    /// </summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>A divergence throws <see cref="TeeDivergenceException"/> after it is reported (tests use it).</summary>
    public bool ThrowOnDivergence { get; init; }

    /// <summary>
    /// How far apart two instants taken from "now" (started_at, ended_at) may be and still compare equal; zero when
    /// both stores share one clock.
    /// </summary>
    public TimeSpan TimestampTolerance { get; init; } = DefaultTimestampTolerance;

    /// <summary>
    /// Where the secondary writes the file of a clone whose primary file goes to the given path (the two engines cannot
    /// write one path); null for the path with <c>".secondary"</c> appended.
    /// </summary>
    public Func<string, string>? SecondaryOutputPath { get; init; }

    /// <summary>
    /// Sync ids already known to differ between the stores (primary id to secondary id), for a tee over stores that
    /// were written through another tee (clones); ids not listed map to themselves.
    /// </summary>
    public IReadOnlyDictionary<string, string>? SyncIds { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TimestampTolerance, TimeSpan.Zero);
    }
}
