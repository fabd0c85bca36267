using System;
using System.Collections.Generic;

namespace Engine.Api.LocalFirst.TimeSeries;

/// <summary>
/// Turns the points of a <see cref="PointScan"/> into <see cref="DataPoint"/>s. Consecutive points with the same tag
/// set share one read-only tags dictionary, so a query over a series with few tag sets decodes each once per run.
/// </summary>
/// <remarks>One scan, one thread.</remarks>
internal sealed class PointDecoder(string storePath, string series)
{
    private ulong _lastTagSetId;
    private byte[] _lastSection = [];
    private IReadOnlyDictionary<string, string>? _lastTags;

    /// <summary>The scan's current point.</summary>
    /// <exception cref="CorruptionException">The point's timestamp or tags are malformed.</exception>
    public DataPoint Decode(PointScan scan)
    {
        if (!TimeSeriesKeys.TryFromTicks(scan.Ticks, out DateTimeOffset timestamp))
        {
            throw new CorruptionException(storePath, scan.PointKey, $"the timestamp {scan.Ticks} is outside the range of DateTimeOffset");
        }

        return new DataPoint(series, timestamp, scan.Value, Tags(scan));
    }

    private IReadOnlyDictionary<string, string> Tags(PointScan scan)
    {
        ReadOnlySpan<byte> section = scan.Section;
        if (_lastTags is not null && scan.TagSetId == _lastTagSetId && section.SequenceEqual(_lastSection))
        {
            return _lastTags;
        }

        if (!PointRecord.TryReadTags(section, out IReadOnlyDictionary<string, string>? tags, out string? error))
        {
            throw new CorruptionException(storePath, scan.PointKey, error!);
        }

        _lastTagSetId = scan.TagSetId;
        _lastSection = section.ToArray();
        _lastTags = tags;
        return tags!;
    }
}
