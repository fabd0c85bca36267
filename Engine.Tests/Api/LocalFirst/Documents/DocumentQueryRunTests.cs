using System.Globalization;
using System.Text.Json.Nodes;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// Queries over more matches than one batched read of an index's documents, and pages cut from the middle of a sort:
/// every plan (scan, index read in batches, index that gives the order) returns what a plain sort of the matches does.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DocumentQueryRunTests : IDisposable
{
    private const int Documents = 700;

    private readonly LocalStore _store = LocalStore.Open(new MemFileSystem(), "/store");
    private readonly Dictionary<string, (string City, int Score)> _model = [];

    public void Dispose() => _store.Dispose();

    public static TheoryData<string?, int, int?> Pages() => new()
    {
        { null, 0, null },
        { null, 255, 3 },
        { null, 300, null },
        { "score", 0, 1 },
        { "score", 0, 10 },
        { "score", 5, 300 },
        { "score", 349, 10 },
        { "-score", 0, 10 },
        { "-score", 254, 4 },
        { "-score", 10, null },
        { "-score", 400, 10 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryPlan_ReturnsThePageOfTheSortedMatches(string? sort, int skip, int? limit)
    {
        DocumentCollection scanned = await FillAsync("scanned");
        DocumentCollection byCity = await FillAsync("by_city", ["city"]);
        DocumentCollection byCityScore = await FillAsync("by_city_score", new FieldOrder("city"), new FieldOrder("score", sort == "-score"));
        DocQuery query = new()
        {
            Filter = DocFilter.Eq("city", "a"),
            Sort = sort is null ? null : [new FieldOrder(sort.TrimStart('-'), sort.StartsWith('-'))],
            Skip = skip,
            Limit = limit,
        };
        IEnumerable<KeyValuePair<string, (string City, int Score)>> matches = _model.Where(d => d.Value.City == "a");
        matches = sort switch
        {
            null => matches.OrderBy(d => d.Key, StringComparer.Ordinal),
            "score" => matches.OrderBy(d => d.Value.Score).ThenBy(d => d.Key, StringComparer.Ordinal),
            _ => matches.OrderByDescending(d => d.Value.Score).ThenBy(d => d.Key, StringComparer.Ordinal),
        };
        List<string> expected = [.. matches.Skip(skip).Take(limit ?? int.MaxValue).Select(d => d.Key)];

        Assert.True(scanned.Explain(query).IsCollectionScan);
        Assert.Equal("by_city", byCity.Explain(query).IndexName);
        Assert.Equal(sort is null, byCity.Explain(query).ProvidesOrder);
        Assert.Equal(sort is not null, byCityScore.Explain(query).ProvidesOrder);
        Assert.Equal(expected, await IdsAsync(scanned, query));
        Assert.Equal(expected, await IdsAsync(byCity, query));
        Assert.Equal(expected, await IdsAsync(byCityScore, query));
    }

    [Fact]
    public async Task AQueryReturnsTheStoredDocuments_NotTheBuffersItReadThemIn()
    {
        DocumentCollection byCity = await FillAsync("by_city", ["city"]);
        DocQuery query = new() { Filter = DocFilter.Eq("city", "b"), Sort = [FieldOrder.DescendingBy("score")], Limit = 20 };
        await foreach (StoredDocument<JsonObject> document in byCity.QueryAsync(query))
        {
            Assert.Equal("b", (string?)document.Value["city"]);
            Assert.Equal(_model[document.Id].Score, (int)document.Value["score"]!);
            Assert.Equal(int.Parse(document.Id[1..], CultureInfo.InvariantCulture), (int)document.Value["n"]!);
        }
    }

    private async Task<DocumentCollection> FillAsync(string name, params FieldOrder[] index)
    {
        DocumentCollection collection = _store.Collection(name);
        if (index.Length > 0)
        {
            await collection.CreateIndexAsync("i", index);
        }

        for (int i = 0; i < Documents; i++)
        {
            string city = i % 2 == 0 ? "a" : "b";
            int score = i * 37 % 101;
            string id = string.Create(CultureInfo.InvariantCulture, $"d{i:D4}");
            _model[id] = (city, score);
            JsonObject document = new() { ["n"] = i, ["city"] = city, ["score"] = score, ["pad"] = new string('x', i % 50) };
            await collection.InsertWithIdAsync(id, document);
        }

        return collection;
    }

    private async Task<DocumentCollection> FillAsync(string name, IReadOnlyList<string> index)
    {
        DocumentCollection collection = await FillAsync(name);
        await collection.CreateIndexAsync(name, index);
        return collection;
    }

    private static async Task<List<string>> IdsAsync(DocumentCollection collection, DocQuery query)
    {
        List<string> ids = [];
        await foreach (StoredDocument<JsonObject> document in collection.QueryAsync(query))
        {
            ids.Add(document.Id);
        }

        return ids;
    }
}
