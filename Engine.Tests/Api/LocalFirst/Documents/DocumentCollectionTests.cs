using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>Insert, get, update, patch and delete of JSON documents; ids; typed access; argument and state errors.</summary>
[Trait("Category", "Unit")]
public sealed class DocumentCollectionTests : IDisposable
{
    private readonly ManualClock _clock = new() { Now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) };
    private readonly LocalStore _store;
    private readonly DocumentCollection _docs;

    public DocumentCollectionTests()
    {
        _store = LocalStore.Open(new MemFileSystem(), "/store", new LocalStoreOptions { Clock = _clock });
        _docs = _store.Collection("people");
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Insert_ReturnsAnId_AndGetReturnsTheDocument()
    {
        string id = await _docs.InsertAsync(Json("""{"name":"Ada","age":36,"tags":["x"],"address":{"city":"London"}}"""));
        JsonObject? stored = await _docs.GetAsync(id);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"Ada","age":36,"tags":["x"],"address":{"city":"London"}}"""), stored));
        Assert.Null(await _docs.GetAsync("missing"));
        Assert.Null(await _store.Collection("other").GetAsync(id));
    }

    [Fact]
    public async Task Ids_AreUuidV7_AndIncreaseWithinOneMillisecondAndWhenTheClockStepsBack()
    {
        List<string> ids = [];
        for (int i = 0; i < 5000; i++)
        {
            ids.Add(await _docs.InsertAsync(Json("{}")));
        }

        DateTimeOffset start = _clock.Now;
        _clock.Now = start.AddMilliseconds(-5);
        ids.Add(await _docs.InsertAsync(Json("{}")));
        _clock.Now = start.AddSeconds(1);
        ids.Add(await _docs.InsertAsync(Json("{}")));

        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (string id in ids)
        {
            Guid guid = Guid.Parse(id);
            Assert.Equal(7, guid.Version);
            Assert.Equal(id, id.ToLowerInvariant());
        }

        long millis = Convert.ToInt64(ids[0].Replace("-", "", StringComparison.Ordinal)[..12], 16);
        Assert.Equal(start.ToUnixTimeMilliseconds(), millis);
        Assert.Equal(start.AddSeconds(1).ToUnixTimeMilliseconds(), Convert.ToInt64(ids[^1].Replace("-", "", StringComparison.Ordinal)[..12], 16));

        // The ids of one collection come back in insertion order without a sort.
        List<string> queried = [];
        await foreach (StoredDocument<JsonObject> doc in _docs.QueryAsync(new DocQuery()))
        {
            queried.Add(doc.Id);
        }

        Assert.Equal(ids, queried);
    }

    [Fact]
    public async Task InsertWithId_OnAnExistingId_ThrowsDuplicateKey_AndChangesNothing()
    {
        await _docs.InsertWithIdAsync("a", Json("""{"v":1}"""));
        DuplicateKeyException error = await Assert.ThrowsAsync<DuplicateKeyException>(async () => await _docs.InsertWithIdAsync("a", Json("""{"v":2}""")));
        Assert.Equal(StorageErrorCode.AlreadyExists, error.Code);
        Assert.Equal("a", error.Key);
        Assert.Equal("people", error.Scope);
        Assert.Equal(1, (await _docs.GetAsync("a"))!["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task UpdatePatchDelete_ReturnFalseForAMissingId_AndWriteNothing()
    {
        Assert.False(await _docs.UpdateAsync("none", Json("""{"v":1}""")));
        Assert.False(await _docs.PatchAsync("none", Json("""{"v":1}""")));
        Assert.False(await _docs.DeleteAsync("none"));
        Assert.Empty(_store.Database.Scan(KeyRange.Prefix([Keyspaces.Document])));
    }

    [Fact]
    public async Task Update_ReplacesWhole_Patch_Merges_Delete_Removes()
    {
        await _docs.InsertWithIdAsync("a", Json("""{"v":1,"keep":true,"nested":{"x":1,"y":2}}"""));
        Assert.True(await _docs.PatchAsync("a", Json("""{"v":2,"keep":null,"nested":{"y":null,"z":3}}""")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"v":2,"nested":{"x":1,"z":3}}"""), await _docs.GetAsync("a")));
        Assert.True(await _docs.UpdateAsync("a", Json("""{"w":1}""")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"w":1}"""), await _docs.GetAsync("a")));
        Assert.True(await _docs.DeleteAsync("a"));
        Assert.Null(await _docs.GetAsync("a"));
        Assert.False(await _docs.DeleteAsync("a"));
    }

    [Fact]
    public async Task TypedAccess_UsesTheCallersSerializerOptions()
    {
        JsonSerializerOptions options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        DocumentCollection<Person> people = _store.Collection<Person>("typed", options);
        string id = await people.InsertAsync(new Person { FirstName = "Grace", BirthYear = 1906 });
        Assert.Equal(new Person { FirstName = "Grace", BirthYear = 1906 }, await people.GetAsync(id));
        JsonObject? raw = await _store.Collection("typed").GetAsync(id);
        Assert.Equal("Grace", raw!["first_name"]!.GetValue<string>());

        Assert.True(await people.PatchAsync(id, Json("""{"birth_year":1907}""")));
        Assert.True(await people.UpdateAsync(id, new Person { FirstName = "G", BirthYear = 1 }));
        await people.CreateIndexAsync("by_year", ["birth_year"]);
        List<StoredDocument<Person>> found = [];
        await foreach (StoredDocument<Person> doc in people.QueryAsync(new DocQuery { Filter = DocFilter.Eq("birth_year", 1), Projection = ["first_name"] }))
        {
            found.Add(doc);
        }

        Assert.Equal([new StoredDocument<Person>(id, new Person { FirstName = "G" })], found);
        Assert.Equal("by_year", people.Explain(new DocQuery { Filter = DocFilter.Eq("birth_year", 1) }).IndexName);
        Assert.Null(await people.GetAsync("missing"));
        Assert.True(await people.DeleteAsync(id));
    }

    [Fact]
    public async Task Projection_ReturnsOnlyTheListedFields_AndTheId()
    {
        await _docs.InsertWithIdAsync("a", Json("""{"name":"Ada","age":36,"address":{"city":"London","zip":"N1"},"other":1}"""));
        List<StoredDocument<JsonObject>> found = [];
        await foreach (StoredDocument<JsonObject> doc in _docs.QueryAsync(new DocQuery { Projection = ["name", "address.city", "missing", "name.sub"] }))
        {
            found.Add(doc);
        }

        StoredDocument<JsonObject> only = Assert.Single(found);
        Assert.Equal("a", only.Id);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"Ada","address":{"city":"London"}}"""), only.Value), only.Value.ToJsonString());
    }

    [Fact]
    public async Task BadArguments_AreRejectedBeforeAnythingIsWritten()
    {
        Assert.Throws<ArgumentException>(() => _store.Collection(""));
        Assert.Throws<ArgumentException>(() => _store.Collection("bad\uD800"));
        Assert.Throws<ArgumentException>(() => _store.Collection(new string('x', DocumentCollection.MaxNameBytes + 1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.InsertAsync(Json("[1]")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.InsertAsync(Json("""{"n":1e999}""")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.InsertWithIdAsync("", Json("{}")));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await _docs.InsertWithIdAsync(null!, Json("{}")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.PatchAsync("a", Json("[1]")));
        Assert.Throws<ArgumentException>(() => DocFilter.Eq("a..b", 1));
        Assert.Throws<ArgumentNullException>(() => DocFilter.Not(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => _docs.Explain(new DocQuery { Skip = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _docs.Explain(new DocQuery { Limit = -1 }));
        Assert.Throws<ArgumentException>(() => _docs.Explain(new DocQuery { Sort = [new FieldOrder("")] }));
        Assert.Throws<ArgumentNullException>(() => _docs.Query(null!, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.CreateIndexAsync("i", Array.Empty<string>()));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.CreateIndexAsync("i", ["a"], IndexKind.Compound));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _docs.CreateIndexAsync("i", ["a."]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _docs.CreateIndexAsync("i", ["a"], (IndexKind)7));
        Assert.Empty(_store.Database.Scan(KeyRange.Prefix([Keyspaces.Document])));
        Assert.Empty(_store.Database.Scan(KeyRange.Prefix([Keyspaces.IndexDefinition])));
    }

    [Fact]
    public async Task AfterDispose_EveryOperationThrowsObjectDisposed()
    {
        LocalStore store = LocalStore.Open(new MemFileSystem(), "/closed");
        DocumentCollection docs = store.Collection("c");
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.Collection("c"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await docs.InsertAsync(Json("{}")));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await docs.GetAsync("a"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await docs.DeleteAsync("a"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await docs.CreateIndexAsync("i", ["a"]));
        Assert.Throws<ObjectDisposedException>(() => docs.Explain(new DocQuery()));
    }

    [Fact]
    public async Task ADamagedStoredDocument_IsCorruptionNamingItsKey()
    {
        await _docs.InsertWithIdAsync("a", Json("""{"v":1}"""));
        byte[] key = DocumentKeys.Document("people", "a");
        _store.Database.Put(key, [1, 0x91, 0xC1]);
        CorruptionException error = await Assert.ThrowsAsync<CorruptionException>(async () => await _docs.GetAsync("a"));
        Assert.Equal(key, error.Key);
        await Assert.ThrowsAsync<CorruptionException>(async () => await _docs.PatchAsync("a", Json("{}")));
    }

    [Fact]
    public async Task Cancellation_IsObservedBeforeWriting()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _docs.InsertWithIdAsync("a", Json("{}"), cancelled.Token));
        Assert.Null(await _docs.GetAsync("a"));
    }

    internal static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A clock the test sets, backwards too.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    public sealed record Person
    {
        public string? FirstName { get; init; }

        public int BirthYear { get; init; }
    }
}
