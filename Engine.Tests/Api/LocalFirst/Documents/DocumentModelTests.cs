using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;
using Engine.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// Random operations (insert, insert with an existing id, update, patch, delete, create and drop index, reopen) on a
/// collection and on an in-memory model. After every operation: the documents equal the model's, every index's
/// keyspace equals what a rebuild from the model would produce, and a random query agrees with the model.
/// </summary>
[Trait("Category", "Randomized")]
public sealed class DocumentModelTests(ITestOutputHelper output)
{
    private const int Operations = 120;

    private static readonly Gen<Op> s_op = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 11], JsonModel.Document, DocumentStoreModel.Query, Gen.Int[0, 4], Gen.Int[0, 8], (kind, id, document, query, index, nulls) => new Op(kind, id, document, query, index, nulls));

    [Fact]
    public void RandomOperations_MatchTheModel_AndIndexesEqualARebuild() =>
        s_op.Array[Operations].Sample(output, ops =>
        {
            MemFileSystem fs = new();
            LocalStore store = LocalStore.Open(fs, "/store");
            try
            {
                Dictionary<string, JsonObject> model = [];
                Dictionary<string, FieldOrder[]> indexes = [];
                for (int step = 0; step < ops.Length; step++)
                {
                    Op next = ops[step];
                    DocumentCollection docs = store.Collection("m");
                    string id = $"id{next.Id:D2}";
                    string op;
                    switch (next.Kind)
                    {
                        case 0 or 1 or 2:
                            op = $"insert {id}";
                            JsonObject inserted = next.Document;
                            if (model.ContainsKey(id))
                            {
                                Assert.Throws<DuplicateKeyException>(() => docs.InsertWithIdAsync(id, inserted).AsTask().GetAwaiter().GetResult());
                            }
                            else
                            {
                                docs.InsertWithIdAsync(id, inserted).AsTask().GetAwaiter().GetResult();
                                model[id] = (JsonObject)inserted.DeepClone();
                            }

                            break;
                        case 3 or 4:
                            op = $"update {id}";
                            JsonObject replacement = next.Document;
                            Assert.Equal(model.ContainsKey(id), docs.UpdateAsync(id, replacement).AsTask().GetAwaiter().GetResult());
                            if (model.ContainsKey(id))
                            {
                                model[id] = (JsonObject)replacement.DeepClone();
                            }

                            break;
                        case 5:
                            JsonObject patch = (JsonObject)next.Document.DeepClone();
                            foreach (string field in new[] { "a", "b" }.Where((_, i) => ((next.Nulls >> i) & 1) == 1))
                            {
                                patch[field] = null;
                            }

                            op = $"patch {id} {patch.ToJsonString()}";
                            using (JsonDocument patchDocument = JsonDocument.Parse(patch.ToJsonString()))
                            {
                                Assert.Equal(model.ContainsKey(id), docs.PatchAsync(id, patchDocument.RootElement).AsTask().GetAwaiter().GetResult());
                            }

                            if (model.TryGetValue(id, out JsonObject? patched))
                            {
                                model[id] = JsonMergePatch.Apply(patched, patch.DeepClone())!.AsObject();
                            }

                            break;
                        case 6:
                            op = $"delete {id}";
                            Assert.Equal(model.Remove(id), docs.DeleteAsync(id).AsTask().GetAwaiter().GetResult());
                            break;
                        case 7:
                            (string name, FieldOrder[] fields) = DocumentStoreModel.IndexShapes[next.Index];
                            op = $"create index {name}";
                            docs.CreateIndexAsync(name, fields).AsTask().GetAwaiter().GetResult();
                            indexes[name] = fields;
                            break;
                        case 8:
                            string drop = DocumentStoreModel.IndexShapes[next.Index].Name;
                            op = $"drop index {drop}";
                            Assert.Equal(indexes.Remove(drop), docs.DropIndexAsync(drop).AsTask().GetAwaiter().GetResult());
                            break;
                        default:
                            op = "reopen";
                            store.Dispose();
                            store = LocalStore.Open(fs, "/store");
                            break;
                    }

                    Check(store, model, indexes, next.Query, $"step {step} ({op})");
                }
            }
            finally
            {
                store.Dispose();
            }
        }, iter: 12);

    private static void Check(LocalStore store, Dictionary<string, JsonObject> model, Dictionary<string, FieldOrder[]> indexes, DocumentStoreModel.ModelQuery query, string context)
    {
        DocumentCollection docs = store.Collection("m");
        DocumentStoreModel.AssertSame(DocumentStoreModel.Run(model, new DocumentStoreModel.ModelQuery(null, [], 0, null, null)), DocumentStoreModel.Run(docs, new DocQuery()), context);
        Assert.Equal(indexes.Keys.Order(StringComparer.Ordinal), docs.GetIndexes().Select(i => i.Name).Order(StringComparer.Ordinal));
        foreach ((string name, FieldOrder[] fields) in indexes)
        {
            List<byte[]> expected = DocumentStoreModel.RebuildIndex(model, "m", name, fields);
            List<byte[]> actual = DocumentStoreModel.IndexKeys(store, "m", name);
            Assert.True(expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.AsSpan().SequenceEqual(p.Second)), $"{context}: index {name} differs from a rebuild");
        }

        Assert.DoesNotContain(store.Database.Scan(KeyRange.Prefix([0x21])), p => !indexes.Keys.Any(n => p.Key.AsSpan().StartsWith(DocumentKeys.IndexPrefix("m", n))));
        DocumentStoreModel.AssertSame(DocumentStoreModel.Run(model, query), DocumentStoreModel.Run(docs, query.ToStore()), $"{context}, query {query}");
    }

    /// <summary>One operation: its kind, the id it targets, a document (or patch), a query to check after it, an index shape, the patch fields to null.</summary>
    private sealed record Op(int Kind, int Id, JsonObject Document, DocumentStoreModel.ModelQuery Query, int Index, int Nulls);
}
