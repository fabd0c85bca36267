using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Api.LocalFirst.TimeSeries;

/// <summary>A <see cref="LocalStore"/> on an in-memory file system with a controllable clock, and helpers for points.</summary>
internal sealed class TimeSeriesFixture : IDisposable
{
    public const string StorePath = "/ts";

    public static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    public TimeSeriesFixture(DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        Store = LocalStore.Open(FileSystem, StorePath, new LocalStoreOptions { Clock = Clock });
    }

    public MemFileSystem FileSystem { get; } = new();

    public FakeTimeProvider Clock { get; }

    public LocalStore Store { get; private set; }

    public TimeSeriesStore Series => Store.TimeSeries;

    public static Dictionary<string, string> Tags(params string[] pairs)
    {
        Dictionary<string, string> tags = [];
        for (int i = 0; i < pairs.Length; i += 2)
        {
            tags.Add(pairs[i], pairs[i + 1]);
        }

        return tags;
    }

    /// <summary>Closes and reopens the store on the same file system.</summary>
    public void Reopen()
    {
        Store.Dispose();
        Store = LocalStore.Open(FileSystem, StorePath, new LocalStoreOptions { Clock = Clock });
    }

    public async Task<List<DataPoint>> QueryAsync(string series, DateTimeOffset from, DateTimeOffset to, IReadOnlyDictionary<string, string>? tags = null)
    {
        List<DataPoint> points = [];
        await foreach (DataPoint point in Series.QueryAsync(series, from, to, tags))
        {
            points.Add(point);
        }

        return points;
    }

    /// <summary>Every raw key of the store under <paramref name="keyspace"/>.</summary>
    public List<byte[]> RawKeys(byte keyspace) =>
        [.. Store.Database.Scan(Engine.Api.KeyRange.Prefix([keyspace])).Select(pair => pair.Key)];

    public void Dispose() => Store.Dispose();
}
