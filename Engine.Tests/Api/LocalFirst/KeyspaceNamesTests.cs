using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Core.Storage;

namespace Engine.Tests.Api.LocalFirst;

public sealed class KeyspaceNamesTests
{
    [Fact]
    public async Task Collections_AndSeries_AreTheDistinctNames_InOrdinalOrder()
    {
        MemFileSystem fs = new();
        using LocalStore store = LocalStore.Open(fs, "/store");
        Assert.Empty(KeyspaceNames.Collections(store));
        Assert.Empty(KeyspaceNames.Series(store));

        // Names that are prefixes of each other, hold the tuple's escape byte, or sort by their UTF-8 bytes.
        string[] collections = ["a", "a\0b", "ab", "b", "é"];
        foreach (string name in collections)
        {
            for (int i = 0; i < 3; i++)
            {
                await store.Collection(name).InsertAsync(System.Text.Json.JsonDocument.Parse($$"""{"n":{{i}}}""").RootElement);
            }
        }

        await store.Collection("indexed-only").CreateIndexAsync("by_n", ["n"]);
        await store.TimeSeries.WriteAsync([
            new DataPoint("cpu", DateTimeOffset.UnixEpoch, 1, new Dictionary<string, string> { ["host"] = "a" }),
            new DataPoint("cpu", DateTimeOffset.UnixEpoch.AddSeconds(1), 2),
            new DataPoint("cp", DateTimeOffset.UnixEpoch, 3),
        ]);
        await store.TimeSeries.SetRetentionAsync("retained-only", TimeSpan.FromDays(1));

        Assert.Equal([.. collections.Append("indexed-only").Order(StringComparer.Ordinal)], KeyspaceNames.Collections(store));
        Assert.Equal(["cp", "cpu", "retained-only"], KeyspaceNames.Series(store));

        await store.Collection("b").DeleteAsync((await store.Collection("b").QueryAsync(new Engine.Api.LocalFirst.Documents.DocQuery()).ToListAsync())[0].Id);
        Assert.Contains("b", KeyspaceNames.Collections(store));
        await store.TimeSeries.DeleteRangeAsync("cp", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(["cpu", "retained-only"], KeyspaceNames.Series(store));
    }
}
