using System.Text.Json.Nodes;
using Engine.Api.LocalFirst.Documents;

namespace Engine.Bench.Local;

/// <summary>The documents: one collection, queried by city with the score as sort.</summary>
internal sealed partial class EngineTarget
{
    private static readonly IReadOnlyList<FieldOrder> s_byScore = [FieldOrder.DescendingBy("score")];

    private readonly DocumentCollection _people;

    /// <inheritdoc/>
    public async ValueTask InsertDocumentsAsync(IEnumerable<(string Id, JsonObject Document)> documents)
    {
        foreach ((string id, JsonObject document) in documents)
        {
            await _people.InsertWithIdAsync(id, document).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask CreateCityIndexAsync()
    {
        await _people.CreateIndexAsync("by_city", ["city"]).ConfigureAwait(false);
        QueryPlan plan = _people.Explain(Query("any"));
        if (plan.IndexName != "by_city")
        {
            throw new InvalidOperationException($"the city query does not use the new index: {plan}");
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> QueryByCityAsync(string city)
    {
        int count = 0;
        await foreach (StoredDocument<JsonObject> _ in _people.QueryAsync(Query(city)).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static DocQuery Query(string city) =>
        new() { Filter = DocFilter.Eq("city", city), Sort = s_byScore, Limit = LocalSizes.QueryLimit };
}
