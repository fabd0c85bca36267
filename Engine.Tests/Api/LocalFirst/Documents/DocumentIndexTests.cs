using System.Text.Json.Nodes;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Api.LocalFirst.Documents.Indexes;
using Engine.Api.Sync.Records;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Documents.DocumentCollectionTests;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>Secondary indexes: entries written with the document, moved by updates, backfilled, used by the planner, dropped.</summary>
[Trait("Category", "Unit")]
public sealed class DocumentIndexTests : IDisposable
{
    private readonly MemFileSystem _fs = new();
    private LocalStore _store;

    public DocumentIndexTests() => _store = LocalStore.Open(_fs, "/store");

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task AnUpdateThatChangesAnIndexedField_MovesTheEntry_AndDeleteRemovesIt()
    {
        DocumentCollection docs = _store.Collection("c");
        await docs.CreateIndexAsync("by_age", ["age"]);
        await docs.InsertWithIdAsync("a", Json("""{"age":30}"""));
        Assert.Equal([Entry(docs, "by_age", "a", """{"age":30}""")], IndexKeys("c", "by_age"));
        await docs.UpdateAsync("a", Json("""{"age":31}"""));
        Assert.Equal([Entry(docs, "by_age", "a", """{"age":31}""")], IndexKeys("c", "by_age"));
        await docs.PatchAsync("a", Json("""{"age":null}"""));
        Assert.Equal([Entry(docs, "by_age", "a", """{}""")], IndexKeys("c", "by_age"));
        await docs.DeleteAsync("a");
        Assert.Empty(IndexKeys("c", "by_age"));
    }

    [Fact]
    public async Task CreateIndex_OnAPopulatedCollection_BackfillsEveryDocumentInChunks_ThenBecomesReady()
    {
        DocumentCollection docs = _store.Collection("c");
        int count = (2 * DocumentCollection.BackfillChunkSize) + 345;
        for (int i = 0; i < count; i++)
        {
            await docs.InsertWithIdAsync($"d{i:D5}", Json($$"""{"n":{{i % 97}},"s":"v{{i % 13}}"}"""));
        }

        Assert.True(docs.Explain(new DocQuery { Filter = DocFilter.Eq("n", 5) }).IsCollectionScan);
        await docs.CreateIndexAsync("by_n_s", [new FieldOrder("n"), new FieldOrder("s", Descending: true)]);
        Assert.Equal(count, IndexKeys("c", "by_n_s").Count);
        IndexInfo info = Assert.Single(docs.GetIndexes());
        Assert.Equal(("by_n_s", IndexKind.Compound, true), (info.Name, info.Kind, info.IsReady));
        Assert.Equal([new FieldOrder("n"), new FieldOrder("s", true)], info.Fields);

        QueryPlan plan = docs.Explain(new DocQuery { Filter = DocFilter.And(DocFilter.Eq("n", 5), DocFilter.Gte("s", "v3")) });
        Assert.Equal("by_n_s", plan.IndexName);
        Assert.Contains("equality on n", plan.Reason, StringComparison.Ordinal);
        Assert.Contains("range on s", plan.Reason, StringComparison.Ordinal);

        List<string> viaIndex = await Ids(docs, new DocQuery { Filter = DocFilter.And(DocFilter.Eq("n", 5), DocFilter.Gte("s", "v3")) });
        List<string> expected = [.. Enumerable.Range(0, count).Where(i => i % 97 == 5 && string.CompareOrdinal($"v{i % 13}", "v3") >= 0).Select(i => $"d{i:D5}")];
        Assert.Equal(expected, viaIndex);

        // Creating it again with the same shape does nothing; another shape under the name is a duplicate.
        await docs.CreateIndexAsync("by_n_s", [new FieldOrder("n"), new FieldOrder("s", Descending: true)]);
        await Assert.ThrowsAsync<DuplicateKeyException>(async () => await docs.CreateIndexAsync("by_n_s", ["n"]));
    }

    [Fact]
    public async Task TheSortOrderOfAnIndex_StreamsResults_WithIdOrderForTies()
    {
        DocumentCollection docs = _store.Collection("c");
        await docs.CreateIndexAsync("age_desc", ["age"], IndexKind.Descending);
        string[] ages = ["3", "1", "2", "1", "\"x\"", "null"];
        for (int i = 0; i < ages.Length; i++)
        {
            await docs.InsertWithIdAsync($"d{i}", Json($$"""{"age":{{ages[i]}}}"""));
        }

        await docs.InsertWithIdAsync("d9", Json("{}"));
        DocQuery query = new() { Sort = [new FieldOrder("age", Descending: true)], Skip = 1, Limit = 4 };
        QueryPlan plan = docs.Explain(query);
        Assert.Equal("age_desc", plan.IndexName);
        Assert.True(plan.ProvidesOrder);
        Assert.Equal(["d0", "d2", "d1", "d3"], await Ids(docs, query));

        // The other direction does not fit this index: a scan and a sort give the same order reversed, ties by id.
        DocQuery ascending = new() { Sort = [new FieldOrder("age")] };
        Assert.True(docs.Explain(ascending).IsCollectionScan);
        Assert.Equal(["d9", "d5", "d1", "d3", "d2", "d0", "d4"], await Ids(docs, ascending));
    }

    [Fact]
    public async Task RangeFilters_StayWithinTheBoundsType()
    {
        DocumentCollection docs = _store.Collection("c");
        await docs.CreateIndexAsync("v", ["v"]);
        string[] values = ["1", "2.5", "\"2\"", "true", "null", "[3]", "{\"x\":1}", "-7", "9007199254740993"];
        for (int i = 0; i < values.Length; i++)
        {
            await docs.InsertWithIdAsync($"d{i}", Json($$"""{"v":{{values[i]}}}"""));
        }

        Assert.Equal(["d0", "d1", "d7", "d8"], await Ids(docs, new DocQuery { Filter = DocFilter.Gt("v", -100) }));
        Assert.Equal(["d1", "d8"], await Ids(docs, new DocQuery { Filter = DocFilter.And(DocFilter.Gt("v", 1), DocFilter.Lte("v", 9007199254740993L)) }));
        Assert.Equal(["d2"], await Ids(docs, new DocQuery { Filter = DocFilter.Lt("v", "3") }));
        Assert.Empty(await Ids(docs, new DocQuery { Filter = DocFilter.And(DocFilter.Gt("v", 5), DocFilter.Lt("v", 2)) }));
        Assert.Equal(["d4"], await Ids(docs, new DocQuery { Filter = DocFilter.Eq("v", null) }));
        Assert.Equal(["d0"], await Ids(docs, new DocQuery { Filter = DocFilter.Eq("v", 1.0) }));
        Assert.Equal(["d5"], await Ids(docs, new DocQuery { Filter = DocFilter.Eq("v", new JsonArray(3)) }));
        Assert.Equal("v", docs.Explain(new DocQuery { Filter = DocFilter.Gt("v", 1) }).IndexName);
    }

    [Fact]
    public async Task DropIndex_RemovesTheDefinitionAndEveryEntry()
    {
        DocumentCollection docs = _store.Collection("c");
        await docs.InsertWithIdAsync("a", Json("""{"x":1}"""));
        await docs.CreateIndexAsync("x", ["x"]);
        await docs.CreateIndexAsync("y", ["y"]);
        Assert.True(await docs.DropIndexAsync("x"));
        Assert.False(await docs.DropIndexAsync("x"));
        Assert.Empty(IndexKeys("c", "x"));
        Assert.Single(IndexKeys("c", "y"));
        Assert.Equal(["y"], docs.GetIndexes().Select(i => i.Name));
        Assert.True(docs.Explain(new DocQuery { Filter = DocFilter.Eq("x", 1) }).IsCollectionScan);
    }

    [Fact]
    public async Task ABuildingIndexLeftByACrash_IsDiscardedOnTheFirstUseAfterOpen()
    {
        DocumentCollection docs = _store.Collection("c");
        await docs.InsertWithIdAsync("a", Json("""{"x":1}"""));
        await docs.CreateIndexAsync("ready", ["x"]);

        // What a crash in the middle of a backfill leaves: a Building definition and some entries.
        DocumentIndex building = new("c", "half", [new FieldOrder("x")], IndexKind.Ascending, IndexState.Building);
        _store.Database.Put(DocumentKeys.Definition("c", "half"), RecordSerializer.Serialize(building.ToRecord()));
        _store.Database.Put(building.EntryKey(Engine.Api.LocalFirst.Documents.DocumentFormat.Body(_store.Database.Get(DocumentKeys.Document("c", "a"))!), "a"), []);
        Reopen();

        docs = _store.Collection("c");
        Assert.Equal(["ready"], docs.GetIndexes().Select(i => i.Name));
        Assert.Empty(IndexKeys("c", "half"));
        Assert.Null(_store.Database.Get(DocumentKeys.Definition("c", "half")));
        Assert.Single(IndexKeys("c", "ready"));
        await docs.CreateIndexAsync("half", ["x"]);
        Assert.Single(IndexKeys("c", "half"));
    }

    [Fact]
    public async Task IndexesSurviveReopen_AndWritersAfterReopenMaintainThem()
    {
        DocumentCollection docs = _store.Collection("c");
        await docs.CreateIndexAsync("x", ["x"]);
        await docs.InsertWithIdAsync("a", Json("""{"x":1}"""));
        Reopen();
        docs = _store.Collection("c");
        await docs.UpdateAsync("a", Json("""{"x":2}"""));
        Assert.Equal([Entry(docs, "x", "a", """{"x":2}""")], IndexKeys("c", "x"));
        Assert.Equal("x", docs.Explain(new DocQuery { Filter = DocFilter.Eq("x", 2) }).IndexName);
    }

    [Fact]
    public async Task WritesDuringABackfill_AreIndexed_AndTheIndexMatchesARebuild()
    {
        DocumentCollection docs = _store.Collection("c");
        for (int i = 0; i < 3000; i++)
        {
            await docs.InsertWithIdAsync($"d{i:D5}", Json($$"""{"x":{{i}}}"""));
        }

        using CancellationTokenSource stop = new();
        Task writer = Task.Run(async () =>
        {
            int i = 0;
            while (!stop.IsCancellationRequested)
            {
                string id = $"d{i % 3500:D5}";
                switch (i % 3)
                {
                    case 0:
                        await docs.UpdateAsync(id, Json($$"""{"x":{{-i}}}"""));
                        break;
                    case 1:
                        await docs.DeleteAsync(id);
                        break;
                    default:
                        try
                        {
                            await docs.InsertWithIdAsync(id, Json($$"""{"x":{{i}}}"""));
                        }
                        catch (DuplicateKeyException)
                        {
                        }

                        break;
                }

                i++;
            }
        });
        await docs.CreateIndexAsync("x", ["x"]);
        await stop.CancelAsync();
        await writer;
        Assert.Equal(DocumentStoreModel.RebuildIndex(_store, "c", "x"), IndexKeys("c", "x"));
    }

    private static async Task<List<string>> Ids(DocumentCollection docs, DocQuery query)
    {
        List<string> ids = [];
        await foreach (StoredDocument<JsonObject> doc in docs.QueryAsync(query))
        {
            ids.Add(doc.Id);
        }

        return ids;
    }

    private static byte[] Entry(DocumentCollection docs, string index, string id, string json)
    {
        _ = docs;
        DocumentIndex definition = new("c", index, [new FieldOrder(index == "by_age" ? "age" : index)], IndexKind.Ascending, IndexState.Ready);
        using System.Text.Json.JsonDocument parsed = System.Text.Json.JsonDocument.Parse(json);
        return definition.EntryKey(Engine.Api.LocalFirst.Documents.DocumentFormat.Body(Engine.Api.LocalFirst.Documents.Codec.DocumentEncoder.Encode(parsed.RootElement, nameof(json))), id);
    }

    private List<byte[]> IndexKeys(string collection, string index) =>
        [.. _store.Database.Scan(KeyRange.Prefix(DocumentKeys.IndexPrefix(collection, index))).Select(p => p.Key)];

    private void Reopen()
    {
        _store.Dispose();
        _store = LocalStore.Open(_fs, "/store");
    }
}
