using System;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>The aggregate of the points of one time bucket (or of the whole range), as <see cref="TimeSeriesStore.AggregateAsync"/> returns it.</summary>
/// <param name="Start">
/// Where the bucket starts: a multiple of the bucket width counted from the Unix epoch (1970-01-01T00:00:00Z), in UTC;
/// for an aggregate over the whole range, the range's start.
/// </param>
/// <param name="Value">The aggregate of the bucket's points; for <see cref="Aggregation.Count"/>, the count.</param>
/// <param name="Count">How many points the bucket holds (at least one: empty buckets are omitted).</param>
public readonly record struct AggregateBucket(DateTimeOffset Start, double Value, long Count);
