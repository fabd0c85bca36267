using System.Text.Json.Nodes;
using CsCheck;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// Random documents and random queries: a collection with every index shape, the same documents without indexes, and
/// a LINQ model return the same documents in the same order.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class DocumentQueryPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public void IndexedUnindexedAndModel_AgreeOnEveryQuery() =>
        Gen.Select(JsonModel.Document.Array[0, 30], DocumentStoreModel.Query.Array[1, 12]).Sample(output, sample =>
        {
            (JsonObject[] documents, DocumentStoreModel.ModelQuery[] queries) = sample;
            using LocalStore store = LocalStore.Open(new MemFileSystem(), "/store");
            DocumentCollection indexed = store.Collection("indexed");
            DocumentCollection plain = store.Collection("plain");
            foreach ((string name, FieldOrder[] fields) in DocumentStoreModel.IndexShapes.Take(3))
            {
                indexed.CreateIndexAsync(name, fields).AsTask().GetAwaiter().GetResult();
            }

            Dictionary<string, JsonObject> model = [];
            for (int i = 0; i < documents.Length; i++)
            {
                string id = $"d{i:D2}";
                model[id] = documents[i];
                indexed.InsertWithIdAsync(id, documents[i]).AsTask().GetAwaiter().GetResult();
                plain.InsertWithIdAsync(id, documents[i]).AsTask().GetAwaiter().GetResult();
            }

            // The rest are created on the populated collection: backfill, not maintenance.
            foreach ((string name, FieldOrder[] fields) in DocumentStoreModel.IndexShapes.Skip(3))
            {
                indexed.CreateIndexAsync(name, fields).AsTask().GetAwaiter().GetResult();
            }

            foreach (DocumentStoreModel.ModelQuery query in queries)
            {
                List<(string, JsonObject)> expected = DocumentStoreModel.Run(model, query);
                DocQuery storeQuery = query.ToStore();
                string context = $"{query} via {indexed.Explain(storeQuery)}";
                DocumentStoreModel.AssertSame(expected, DocumentStoreModel.Run(plain, storeQuery), $"unindexed, {query}");
                DocumentStoreModel.AssertSame(expected, DocumentStoreModel.Run(indexed, storeQuery), context);
            }
        }, iter: 150);

    [Fact]
    public async Task APlanUsesAnIndex_ForEqualityOnItsLeadingField()
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/store");
        DocumentCollection docs = store.Collection("c");
        foreach ((string name, FieldOrder[] fields) in DocumentStoreModel.IndexShapes)
        {
            await docs.CreateIndexAsync(name, fields);
        }

        Assert.Equal("a_b", docs.Explain(new DocQuery { Filter = DocFilter.And(DocFilter.Eq("a", 1), DocFilter.Lt("b", 3)) }).IndexName);
        Assert.Equal("nx", docs.Explain(new DocQuery { Filter = DocFilter.Gte("n.x", 1) }).IndexName);
        Assert.Equal("b_desc", docs.Explain(new DocQuery { Sort = [new FieldOrder("b", true)] }).IndexName);
        Assert.True(docs.Explain(new DocQuery { Filter = DocFilter.Or(DocFilter.Eq("a", 1), DocFilter.Eq("b", 1)) }).IsCollectionScan);
        Assert.True(docs.Explain(new DocQuery { Filter = DocFilter.Eq("c", 1) }).IsCollectionScan);
    }
}
