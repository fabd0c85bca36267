using System.Text.Json;
using Engine.Api.LocalFirst.Documents;
using Engine.Cli;

namespace Engine.Tests.Cli.LocalFirst;

public sealed class DocCommandTests
{
    [Fact]
    public void Insert_ThenGetAndQuery_ShowTheDocuments_AsTableAndJson()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "doc", "insert", "-c", "people", "ada", "--json-doc", """{"name":"Ada","age":36,"city":"London"}""");
        string file = cli.Combine("bob.json");
        File.WriteAllText(file, """{"name":"Bob","age":20,"city":"Paris"}""");
        string bobId = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "doc", "insert", "-c", "people", "--file", file, "--json").Out).RootElement.GetProperty("id").GetString()!;
        Assert.NotEqual("ada", bobId);

        Assert.Matches(@"│ name\s+│ Ada\s+│", cli.Run(ExitCodes.Ok, "doc", "get", "-c", "people", "ada").Out);
        JsonElement bob = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "doc", "get", "-c", "people", bobId, "--json").Out).RootElement;
        Assert.Equal("Bob", bob.GetProperty("document").GetProperty("name").GetString());

        string[] older = cli.Run(ExitCodes.Ok, "doc", "query", "-c", "people", "--filter", "age>=30", "--json").Lines;
        Assert.Equal("ada", JsonDocument.Parse(Assert.Single(older)).RootElement.GetProperty("id").GetString());
        string[] byAge = cli.Run(ExitCodes.Ok, "doc", "query", "-c", "people", "--sort", "age:desc", "--json").Lines;
        Assert.Equal(["ada", bobId], byAge.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()));
        string table = cli.Run(ExitCodes.Ok, "doc", "query", "-c", "people", "--filter", "city=Paris", "--filter", "name!=Ada").Out;
        Assert.Contains(bobId, table, StringComparison.Ordinal);
        Assert.DoesNotContain("London", table, StringComparison.Ordinal);
        Assert.Single(cli.Run(ExitCodes.Ok, "doc", "query", "-c", "people", "--skip", "1", "--limit", "5", "--json").Lines);

        Assert.Contains("│ people     │ 0       │", cli.Run(ExitCodes.Ok, "doc", "collections").Out, StringComparison.Ordinal);
        cli.Run(ExitCodes.Ok, "doc", "delete", "-c", "people", "ada");
        cli.Run(ExitCodes.NotFound, "doc", "get", "-c", "people", "ada");
    }

    [Fact]
    public async Task IndexesAndExplain_ShowTheIndexAQueryUses()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "doc", "insert", "-c", "people", "ada", "--json-doc", """{"name":"Ada","age":36}""");
        using (Engine.Api.LocalFirst.LocalStore store = cli.Open())
        {
            await store.Collection("people").CreateIndexAsync("by_age", [new FieldOrder("age", Descending: true)]);
            await store.Collection("empty").CreateIndexAsync("by_name", ["name"]);
        }

        Assert.Matches(@"│ by_age │ age desc │ \w+\s+│ ready │", cli.Run(ExitCodes.Ok, "doc", "indexes", "-c", "people").Out);
        JsonElement index = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "doc", "indexes", "-c", "people", "--json").Out).RootElement;
        Assert.True(index.GetProperty("fields")[0].GetProperty("descending").GetBoolean());
        Assert.StartsWith("index by_age", cli.Run(ExitCodes.Ok, "doc", "explain", "-c", "people", "--filter", "age>30").Out, StringComparison.Ordinal);
        JsonElement scan = JsonDocument.Parse(cli.Run(ExitCodes.Ok, "doc", "explain", "-c", "people", "--filter", "name=Ada", "--json").Out).RootElement;
        Assert.True(scan.GetProperty("collectionScan").GetBoolean());

        string[] collections = cli.Run(ExitCodes.Ok, "doc", "collections", "--json").Lines;
        Assert.Equal(["empty", "people"], collections.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("collection").GetString()));
        Assert.Empty(cli.Run(ExitCodes.Ok, "doc", "query", "-c", "empty", "--json").Lines);
    }

    [Fact]
    public void MissingDocumentsCollectionsAndStores_AreNotFound_AndADuplicateIdIsRefused()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.NotFound, "doc", "collections");
        cli.Run(ExitCodes.Ok, "doc", "insert", "-c", "people", "ada", "--json-doc", "{}");
        cli.Run(ExitCodes.Refused, "doc", "insert", "-c", "people", "ada", "--json-doc", "{}");
        cli.Run(ExitCodes.NotFound, "doc", "get", "-c", "people", "bob");
        cli.Run(ExitCodes.NotFound, "doc", "query", "-c", "nobody");
        cli.Run(ExitCodes.NotFound, "doc", "indexes", "-c", "nobody");
        cli.Run(ExitCodes.NotFound, "doc", "delete", "-c", "people", "bob");
        cli.Run(ExitCodes.NotFound, "doc", "insert", "-c", "people", "--file", cli.Combine("absent.json"));
    }

    [Fact]
    public void BadArguments_AreUsageErrors()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "doc", "insert", "-c", "people", "ada", "--json-doc", "{}");
        cli.Run(ExitCodes.Usage, "doc", "insert", "-c", "people", "--json-doc", "{not json");
        cli.Run(ExitCodes.Usage, "doc", "insert", "-c", "people", "--json-doc", "[1,2]");
        cli.Run(ExitCodes.Usage, "doc", "insert", "-c", "people");
        cli.Run(ExitCodes.Usage, "doc", "get", "ada");
        cli.Run(ExitCodes.Usage, "doc", "query", "-c", "people", "--filter", "age");
        cli.Run(ExitCodes.Usage, "doc", "query", "-c", "people", "--sort", "age:sideways");
        cli.Run(ExitCodes.Usage, "doc", "query", "-c", "people", "--limit", "-2");
    }

    [Fact]
    public void ALockedStore_IsRefused()
    {
        using LocalFirstCli cli = new();
        cli.Run(ExitCodes.Ok, "doc", "insert", "-c", "people", "ada", "--json-doc", "{}");
        using (cli.Open())
        {
            cli.Run(ExitCodes.Refused, "doc", "query", "-c", "people");
        }
    }
}
