using System.Text.Json.Nodes;

namespace Engine.Bench.Local;

/// <summary>
/// JSON documents <c>{name, age, city, score}</c>: our document collection, or SQLite's JSON as TEXT queried through
/// <c>json_extract</c>.
/// </summary>
internal interface IDocumentTarget
{
    /// <summary>Stores the documents, untimed (ours one insert each, SQLite in one transaction).</summary>
    ValueTask InsertDocumentsAsync(IEnumerable<(string Id, JsonObject Document)> documents);

    /// <summary>Creates the index on <c>city</c> (SQLite: an expression index on <c>json_extract(doc,'$.city')</c>).</summary>
    ValueTask CreateCityIndexAsync();

    /// <summary>
    /// The documents of <paramref name="city"/> by descending score, the first <see cref="LocalSizes.QueryLimit"/>, each
    /// handed over as a parsed <see cref="JsonObject"/>; returns how many came.
    /// </summary>
    ValueTask<int> QueryByCityAsync(string city);
}
