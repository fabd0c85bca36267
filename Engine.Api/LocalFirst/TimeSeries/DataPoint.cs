using System;
using System.Collections.Generic;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>One measurement of a time series: a value at an instant, with optional tags.</summary>
/// <remarks>
/// <para>
/// A point is identified by its series, its timestamp and its tag set: writing a point whose series, timestamp (to the
/// tick) and tags equal a stored point's replaces that point's value, so a write retried after a crash does not count
/// twice. Points that differ only in their tags are distinct and both kept.
/// </para>
/// <para>
/// Timestamps are stored in UTC with a resolution of one tick (100 ns); the offset is not kept, so points read back
/// carry offset zero. Any <see cref="DateTimeOffset"/> works, including instants before 1970. Immutable when its tags
/// are; the store never modifies the dictionary it is given.
/// </para>
/// </remarks>
/// <param name="Series">The series' name: a non-empty string.</param>
/// <param name="Timestamp">When the value was measured.</param>
/// <param name="Value">The value: any <see cref="double"/>, NaN and infinities included (aggregates then follow IEEE arithmetic).</param>
/// <param name="Tags">
/// Tags (non-empty keys, any values) that qualify the point and that queries filter by; null or empty for none. Points
/// read from the store always carry a dictionary, empty when the point has no tags.
/// </param>
public sealed record DataPoint(string Series, DateTimeOffset Timestamp, double Value, IReadOnlyDictionary<string, string>? Tags = null);
