using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Core.Storage;

namespace Engine.Tests.Api.LocalFirst.Documents;

/// <summary>JSON merge patch against every example of RFC 7396, appendix A.</summary>
[Trait("Category", "Unit")]
public sealed class JsonMergePatchTests
{
    /// <summary>RFC 7396 appendix A: original, patch, result.</summary>
    public static TheoryData<string, string, string> AppendixA() => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", "null", "null" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { """[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { """{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Apply_MatchesTheRfcExample(string original, string patch, string expected)
    {
        JsonNode? result = JsonMergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), $"got {result?.ToJsonString() ?? "null"}");
    }

    [Theory]
    [MemberData(nameof(AppendixA))]
    public async Task PatchAsync_OnAStoredDocument_MatchesTheRfcExample(string original, string patch, string expected)
    {
        using LocalStore store = LocalStore.Open(new MemFileSystem(), "/store");
        DocumentCollection docs = store.Collection("rfc");
        using JsonDocument patchDocument = JsonDocument.Parse(patch);
        bool storable = original.StartsWith('{') && patch.StartsWith('{');
        if (!storable)
        {
            // A document is an object: a non-object original cannot be stored, a non-object patch would replace it with a non-object.
            await docs.InsertWithIdAsync("d", new JsonObject());
            if (!patch.StartsWith('{'))
            {
                await Assert.ThrowsAsync<ArgumentException>(async () => await docs.PatchAsync("d", patchDocument.RootElement));
            }

            return;
        }

        await docs.InsertWithIdAsync("d", JsonNode.Parse(original)!.AsObject());
        Assert.True(await docs.PatchAsync("d", patchDocument.RootElement));
        JsonObject? stored = await docs.GetAsync("d");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), stored), $"got {stored?.ToJsonString()}");
    }
}
