using System.Text.Json.Nodes;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Documents.DocumentCollectionTests;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// Crashes before every file operation of document writes and of an index backfill, keeping only durable state (a
/// machine crash) or everything written (a process crash). The oracle: the store opens; every index's keyspace equals
/// a rebuild from the stored documents (a document and its entries commit together); a crashed backfill leaves the
/// index whole and ready, or gone without a trace.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DocumentCrashTests
{
    private const string StorePath = "/docs";

    private static readonly LocalStoreOptions s_options = new()
    {
        Durability = Durability.Synced,
        Database = new DatabaseOptions { WriteBufferSizeBytes = 64 << 10, MaxImmutableMemtables = 1 },
    };

    [Fact]
    public async Task ACrashInsideDocumentWrites_NeverSeparatesADocumentFromItsIndexEntries()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        using (LocalStore store = LocalStore.Open(fs, StorePath, s_options))
        {
            DocumentCollection docs = store.Collection("c");
            await docs.CreateIndexAsync("x", ["x"]);
            await docs.CreateIndexAsync("y_x", [new FieldOrder("y", Descending: true), new FieldOrder("x")]);
            for (int i = 0; i < 20; i++)
            {
                await docs.InsertWithIdAsync($"d{i:D2}", Json($$"""{"x":{{i}},"y":"v{{i % 3}}"}"""));
            }

            fs.BeforeOperation = (_, _) => crashes.Add((mem.CrashClone(), mem.CrashClone(CrashOptions.KeepAll)));
            await docs.UpdateAsync("d01", Json("""{"x":100,"y":"w"}"""));
            await docs.PatchAsync("d02", Json("""{"x":null,"z":1}"""));
            await docs.DeleteAsync("d03");
            await docs.InsertWithIdAsync("d99", Json("""{"x":-1}"""));
            await docs.PatchAsync("d04", Json("""{"y":"v0"}"""));
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 5, $"only {crashes.Count} file operations");
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem clone in new[] { machine, process })
            {
                using LocalStore store = LocalStore.Open(clone, StorePath, s_options);
                DocumentCollection docs = store.Collection("c");
                foreach (string index in new[] { "x", "y_x" })
                {
                    Assert.Equal(DocumentStoreModel.RebuildIndex(store, "c", index), DocumentStoreModel.IndexKeys(store, "c", index));
                }

                // The acknowledged documents are all there; a crashed write is whole or absent.
                Assert.NotNull(await docs.GetAsync("d00"));
                JsonObject? d01 = await docs.GetAsync("d01");
                Assert.Contains(d01!["x"]!.GetValue<int>(), new[] { 1, 100 });
            }
        }
    }

    [Fact]
    public async Task ACrashInsideABackfill_LeavesTheIndexReadyAndWhole_OrGone()
    {
        MemFileSystem mem = new();
        FaultInjectingFileSystem fs = new(mem);
        List<(MemFileSystem Machine, MemFileSystem Process)> crashes = [];
        int count = (2 * DocumentCollection.BackfillChunkSize) + 500;
        using (LocalStore store = LocalStore.Open(fs, StorePath, s_options))
        {
            DocumentCollection docs = store.Collection("c");
            for (int i = 0; i < count; i++)
            {
                await docs.InsertWithIdAsync($"d{i:D5}", Json($$"""{"x":{{i % 101}}}"""));
            }

            fs.BeforeOperation = (_, _) => crashes.Add((mem.CrashClone(), mem.CrashClone(CrashOptions.KeepAll)));
            await docs.CreateIndexAsync("x", ["x"], IndexKind.Descending);
            fs.BeforeOperation = null;
        }

        Assert.True(crashes.Count >= 4, $"only {crashes.Count} file operations inside the backfill");
        int ready = 0;
        foreach ((MemFileSystem machine, MemFileSystem process) in crashes)
        {
            foreach (MemFileSystem clone in new[] { machine, process })
            {
                using LocalStore store = LocalStore.Open(clone, StorePath, s_options);
                DocumentCollection docs = store.Collection("c");
                IReadOnlyList<IndexInfo> indexes = docs.GetIndexes();
                if (indexes.Count == 0)
                {
                    Assert.Empty(store.Database.Scan(KeyRange.Prefix([Keyspaces.DocumentIndex])));
                    Assert.Empty(store.Database.Scan(KeyRange.Prefix([Keyspaces.IndexDefinition])));
                    Assert.True(docs.Explain(new DocQuery { Filter = DocFilter.Eq("x", 5) }).IsCollectionScan);
                }
                else
                {
                    ready++;
                    Assert.True(Assert.Single(indexes).IsReady);
                    Assert.Equal(DocumentStoreModel.RebuildIndex(store, "c", "x"), DocumentStoreModel.IndexKeys(store, "c", "x"));
                    Assert.Equal(count, DocumentStoreModel.IndexKeys(store, "c", "x").Count);
                }
            }
        }

        Assert.True(ready > 0, "no crash point kept the finished index");
    }
}
