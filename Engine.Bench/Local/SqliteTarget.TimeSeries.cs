using System.Globalization;
using Engine.Api.LocalFirst.TimeSeries;
using Microsoft.Data.Sqlite;

namespace Engine.Bench.Local;

/// <summary>
/// The time series as rows <c>(series, ts, tags, value)</c>: <c>ts</c> in Unix milliseconds, the tags as one text
/// <c>k=v;k=v</c> in key order (made once per tag set, as an application would keep them), indexed on
/// <c>(series, ts)</c>; aggregation is a <c>GROUP BY ts / width</c> over the range.
/// </summary>
internal sealed partial class SqliteTarget
{
    private readonly SqliteCommand _insertPoint;
    private readonly SqliteCommand _aggregate;
    private readonly Dictionary<IReadOnlyDictionary<string, string>, string> _tagTexts = new(ReferenceEqualityComparer.Instance);

    /// <inheritdoc/>
    public ValueTask WritePointsAsync(IReadOnlyList<DataPoint> points)
    {
        InTransaction(_insertPoint, () =>
        {
            foreach (DataPoint point in points)
            {
                _insertPoint.Parameters[0].Value = point.Series;
                _insertPoint.Parameters[1].Value = point.Timestamp.ToUnixTimeMilliseconds();
                _insertPoint.Parameters[2].Value = TagText(point.Tags);
                _insertPoint.Parameters[3].Value = point.Value;
                _insertPoint.ExecuteNonQuery();
            }
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<int> AggregateMeanAsync(string series, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        _aggregate.Parameters[0].Value = (long)bucket.TotalMilliseconds;
        _aggregate.Parameters[1].Value = series;
        _aggregate.Parameters[2].Value = from.ToUnixTimeMilliseconds();
        _aggregate.Parameters[3].Value = to.ToUnixTimeMilliseconds();
        int buckets = 0;
        using (SqliteDataReader reader = _aggregate.ExecuteReader())
        {
            while (reader.Read())
            {
                _ = reader.GetDouble(1);
                buckets++;
            }
        }

        return ValueTask.FromResult(buckets);
    }

    private string TagText(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return "";
        }

        if (!_tagTexts.TryGetValue(tags, out string? text))
        {
            text = string.Join(';', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}={t.Value}")));
            _tagTexts[tags] = text;
        }

        return text;
    }
}
