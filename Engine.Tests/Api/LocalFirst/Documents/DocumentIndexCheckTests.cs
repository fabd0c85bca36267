using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Admin;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;
using static Engine.Tests.Api.LocalFirst.Documents.DocumentCollectionTests;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>
/// <see cref="LocalStore.VerifyAsync"/> covers the document indexes: a healthy store reports nothing; an entry removed,
/// a stray entry, an entry with another value, or a document changed behind the index's back is reported naming the
/// collection, the index and the document id.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DocumentIndexCheckTests : IDisposable
{
    private readonly MemFileSystem _fs = new();
    private readonly LocalStore _store;
    private readonly DocumentCollection _docs;

    public DocumentIndexCheckTests()
    {
        _store = LocalStore.Open(_fs, "/store");
        _docs = _store.Collection("people");
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task AHealthyStore_WithSeveralIndexesAndUpdates_ReportsNoProblem()
    {
        await Populate();
        await _docs.UpdateAsync("b", Json("""{"age":41,"name":"bea"}"""));
        await _docs.DeleteAsync("c");
        await _store.Collection("other").InsertWithIdAsync("x", Json("""{"age":1}"""));

        LocalStoreVerifyReport report = await _store.VerifyAsync();
        Assert.True(report.IsHealthy, string.Join('\n', report.Problems));
    }

    [Fact]
    public async Task ARemovedEntry_IsReportedAsADocumentWithoutItsEntry()
    {
        await Populate();
        byte[] entry = Entries("by_age").Single(e => EntryId(e) == "b");
        _store.Database.Delete(entry);

        LocalStoreProblem problem = Assert.Single((await _store.VerifyAsync()).StoreProblems);
        Assert.Equal(("document-indexes", "people/by_age/b"), (problem.Check, problem.Subject));
        Assert.Contains("no entry", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStrayEntry_ForADocumentThatDoesNotExist_IsReported()
    {
        await Populate();
        byte[] stray = Entries("by_name").Single(e => EntryId(e) == "a");
        _store.Database.Delete(DocumentKeys.Document("people", "a"));
        _store.Database.Delete(Entries("by_age").Single(e => EntryId(e) == "a"));

        LocalStoreProblem problem = Assert.Single((await _store.VerifyAsync()).StoreProblems);
        Assert.Equal("people/by_name/a", problem.Subject);
        Assert.Contains("does not hold", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(_store.Database.Get(stray));
    }

    [Fact]
    public async Task ADocumentChangedBehindTheIndex_IsReportedTwice_TheMissingEntryAndTheStaleOne()
    {
        await Populate();
        byte[] other = _store.Database.Get(DocumentKeys.Document("people", "a"))!;
        _store.Database.Put(DocumentKeys.Document("people", "c"), other);

        List<LocalStoreProblem> problems = [.. (await _store.VerifyAsync()).StoreProblems];
        Assert.All(problems, p => Assert.StartsWith("people/by_", p.Subject, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Subject == "people/by_age/c" && p.Message.Contains("no entry", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Subject == "people/by_age/c" && p.Message.Contains("does not hold the indexed values", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public async Task AnAddedEntryWithAnotherValue_IsReported()
    {
        await Populate();
        // The fields of b's entry followed by a's id tuple (0x02 'a' 0x00): an entry for a under b's age.
        byte[] ofA = Entries("by_age").Single(e => EntryId(e) == "a");
        byte[] ofB = Entries("by_age").Single(e => EntryId(e) == "b");
        _store.Database.Put([.. ofB[..^3], .. ofA[^3..]], []);

        LocalStoreProblem problem = Assert.Single((await _store.VerifyAsync()).StoreProblems);
        Assert.Equal("people/by_age/a", problem.Subject);
        Assert.Contains("does not hold the indexed values", problem.Message, StringComparison.Ordinal);
    }

    private async Task Populate()
    {
        await _docs.CreateIndexAsync("by_age", ["age"]);
        await _docs.InsertWithIdAsync("a", Json("""{"age":30,"name":"ann"}"""));
        await _docs.InsertWithIdAsync("b", Json("""{"age":40,"name":"ben"}"""));
        await _docs.InsertWithIdAsync("c", Json("""{"age":50}"""));
        await _docs.CreateIndexAsync("by_name", ["name"], IndexKind.Descending);
    }

    private static byte[] Prefix(string index) => DocumentKeys.IndexPrefix("people", index);

    private List<byte[]> Entries(string index) => [.. _store.Database.Scan(KeyRange.Prefix(Prefix(index))).Select(p => p.Key)];

    private static string EntryId(byte[] entry)
    {
        // The id tuple ends every entry: a tuple string is 0x02, UTF-8, 0x00.
        int start = Array.LastIndexOf(entry, (byte)0x02);
        return System.Text.Encoding.UTF8.GetString(entry, start + 1, entry.Length - start - 2);
    }
}
