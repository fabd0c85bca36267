using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Engine.Bench.Local;

/// <summary>
/// The documents: JSON as TEXT, filtered and sorted through <c>json_extract</c>, indexed by an expression index on the
/// city; each returned row is parsed into a <see cref="JsonObject"/>, as our collection returns them.
/// </summary>
internal sealed partial class SqliteTarget
{
    private const string DocumentQuery =
        "SELECT id, doc FROM docs WHERE json_extract(doc, '$.city') = $city ORDER BY json_extract(doc, '$.score') DESC LIMIT 10";

    private readonly SqliteCommand _insertDocument;
    private readonly SqliteCommand _queryDocuments;

    /// <inheritdoc/>
    public ValueTask InsertDocumentsAsync(IEnumerable<(string Id, JsonObject Document)> documents)
    {
        InTransaction(_insertDocument, () =>
        {
            foreach ((string id, JsonObject document) in documents)
            {
                _insertDocument.Parameters[0].Value = id;
                _insertDocument.Parameters[1].Value = document.ToJsonString();
                _insertDocument.ExecuteNonQuery();
            }
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CreateCityIndexAsync()
    {
        Execute(_connection, "CREATE INDEX docs_city ON docs (json_extract(doc, '$.city'))");
        using SqliteCommand explain = _connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + DocumentQuery;
        explain.Parameters.AddWithValue("$city", "any");
        using SqliteDataReader plan = explain.ExecuteReader();
        List<string> details = [];
        while (plan.Read())
        {
            details.Add(plan.GetString(3));
        }

        if (!details.Any(d => d.Contains("docs_city", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"the city query does not use the new index: {string.Join("; ", details)}");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<int> QueryByCityAsync(string city)
    {
        _queryDocuments.Parameters[0].Value = city;
        int count = 0;
        using (SqliteDataReader reader = _queryDocuments.ExecuteReader())
        {
            while (reader.Read())
            {
                if (JsonNode.Parse(reader.GetString(1)) is JsonObject)
                {
                    count++;
                }
            }
        }

        return ValueTask.FromResult(count);
    }
}
