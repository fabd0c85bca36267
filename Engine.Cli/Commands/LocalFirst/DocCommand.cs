using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Documents;
using Engine.Cli.Output;
using Spectre.Console;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// <c>engine doc collections|get|insert|delete|query|indexes|explain</c>: the document store of a local-first store,
/// one collection (<c>--collection</c>, <c>-c</c>) at a time.
/// </summary>
internal static class DocCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new("doc", "Read and edit the document collections of a local-first store.");
        command.Subcommands.Add(Collections(console));
        command.Subcommands.Add(Get(console));
        command.Subcommands.Add(Insert(console));
        command.Subcommands.Add(Delete(console));
        command.Subcommands.Add(Query(console));
        command.Subcommands.Add(Indexes(console));
        command.Subcommands.Add(Explain(console));
        return command;
    }

    private static Option<string> Collection() => new("--collection", "-c") { Description = "The collection.", Required = true };

    private static Argument<string> Id() => new("id") { Description = "The document's id." };

    private static Command Collections(CliConsole console)
    {
        LocalStoreArguments store = new();
        Command command = store.NewCommand("collections", "List the collections that hold documents or indexes.");
        command.SetAction(parse =>
        {
            CommandContext context = new(console, parse);
            using LocalStore local = store.Open(parse, create: false);
            Table table = new();
            table.AddColumns("collection", "indexes");
            foreach (string name in KeyspaceNames.Collections(local))
            {
                int indexes = local.Collection(name).GetIndexes().Count;
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json =>
                    {
                        json.WriteString("collection", name);
                        json.WriteNumber("indexes", indexes);
                    });
                }
                else
                {
                    table.AddRow(Markup.Escape(name), Show.Count(indexes));
                }
            }

            if (!context.Json)
            {
                context.Console.Ansi.Write(table);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> collection = Collection();
        Argument<string> id = Id();
        Command command = store.NewCommand("get", "Show one document; exit 3 when there is no such document.");
        command.Add(collection);
        command.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(collection)!;
            string docId = context.Require(id);
            using LocalStore local = store.Open(parse, create: false);
            JsonObject document = await local.Collection(name).GetAsync(docId, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException(ExitCodes.NotFound, $"no document '{docId}' in collection '{name}'");
            if (context.Json)
            {
                WriteDocumentJson(context, docId, document);
            }
            else
            {
                context.Console.Ansi.Write(FieldTable.From(document.ToJsonString()));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Insert(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> collection = Collection();
        Option<string?> text = new("--json-doc") { Description = "The document, a JSON object." };
        Option<string?> file = new("--file", "-f") { Description = "Read the document (a JSON object) from this file." };
        Argument<string?> id = new("id") { Description = "The document's id (default: a new time-ordered id).", Arity = ArgumentArity.ZeroOrOne };
        Command command = store.NewCommand("insert", "Insert a document, creating the store if it does not exist; exit 5 when the id exists.");
        command.Add(collection);
        command.Add(text);
        command.Add(file);
        command.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(collection)!;
            string source = (parse.GetValue(text), parse.GetValue(file)) switch
            {
                ({ } json, null) => json,
                (null, { } path) => File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : throw new CliException(ExitCodes.NotFound, $"no file '{path}'"),
                _ => throw new CliException(ExitCodes.Usage, "give the document either with --json-doc or with --file, not both or neither"),
            };
            JsonObject document = ParseObject(source);
            using LocalStore local = store.Open(parse, create: true);
            DocumentCollection target = local.Collection(name);
            string docId;
            if (parse.GetValue(id) is { } given)
            {
                await target.InsertWithIdAsync(given, document, cancellationToken).ConfigureAwait(false);
                docId = given;
            }
            else
            {
                docId = await target.InsertAsync(document, cancellationToken).ConfigureAwait(false);
            }

            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("collection", name);
                    json.WriteString("id", docId);
                });
            }
            else
            {
                context.Console.Out.WriteLine($"Inserted '{docId}' into collection '{name}'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> collection = Collection();
        Argument<string> id = Id();
        Command command = store.NewCommand("delete", "Delete a document; exit 3 when there is no such document.");
        command.Add(collection);
        command.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(collection)!;
            string docId = context.Require(id);
            using LocalStore local = store.Open(parse, create: false);
            if (!await local.Collection(name).DeleteAsync(docId, cancellationToken).ConfigureAwait(false))
            {
                throw new CliException(ExitCodes.NotFound, $"no document '{docId}' in collection '{name}'");
            }

            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("collection", name);
                    json.WriteString("id", docId);
                    json.WriteBoolean("deleted", true);
                });
            }
            else
            {
                context.Console.Out.WriteLine($"Deleted '{docId}' from collection '{name}'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Query(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> collection = Collection();
        DocQueryOptions query = new();
        Command command = store.NewCommand("query", "List the documents that match a filter, sorted and paged; exit 3 when the collection does not exist.");
        command.Add(collection);
        query.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(collection)!;
            DocQuery docQuery = query.Parse(parse);
            using LocalStore local = store.Open(parse, create: false);
            DocumentCollection target = Existing(local, name);
            Table table = new();
            table.AddColumns("id", "document");
            await foreach (StoredDocument<JsonObject> document in target.QueryAsync(docQuery, cancellationToken).ConfigureAwait(false))
            {
                if (context.Json)
                {
                    WriteDocumentJson(context, document.Id, document.Value);
                }
                else
                {
                    table.AddRow(Markup.Escape(document.Id), Markup.Escape(document.Value.ToJsonString()));
                }
            }

            if (!context.Json)
            {
                context.Console.Ansi.Write(table);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Indexes(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> collection = Collection();
        Command command = store.NewCommand("indexes", "List a collection's indexes; exit 3 when the collection does not exist.");
        command.Add(collection);
        command.SetAction(parse =>
        {
            CommandContext context = new(console, parse);
            using LocalStore local = store.Open(parse, create: false);
            Table table = new();
            table.AddColumns("index", "fields", "kind", "state");
            foreach (IndexInfo index in Existing(local, parse.GetValue(collection)!).GetIndexes())
            {
                string fields = string.Join(", ", index.Fields.Select(field => field.ToString()));
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json =>
                    {
                        json.WriteString("index", index.Name);
                        json.WriteStartArray("fields");
                        foreach (FieldOrder field in index.Fields)
                        {
                            json.WriteStartObject();
                            json.WriteString("field", field.Field);
                            json.WriteBoolean("descending", field.Descending);
                            json.WriteEndObject();
                        }

                        json.WriteEndArray();
                        json.WriteString("kind", index.Kind.ToString());
                        json.WriteBoolean("ready", index.IsReady);
                    });
                }
                else
                {
                    table.AddRow(Markup.Escape(index.Name), Markup.Escape(fields), index.Kind.ToString(), index.IsReady ? "ready" : "building");
                }
            }

            if (!context.Json)
            {
                context.Console.Ansi.Write(table);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Explain(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> collection = Collection();
        DocQueryOptions query = new();
        Command command = store.NewCommand("explain", "Show how a query would run: the index it uses (or a collection scan) and why.");
        command.Add(collection);
        query.AddTo(command);
        command.SetAction(parse =>
        {
            CommandContext context = new(console, parse);
            DocQuery docQuery = query.Parse(parse);
            using LocalStore local = store.Open(parse, create: false);
            QueryPlan plan = Existing(local, parse.GetValue(collection)!).Explain(docQuery);
            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("index", plan.IndexName);
                    json.WriteBoolean("collectionScan", plan.IsCollectionScan);
                    json.WriteBoolean("providesOrder", plan.ProvidesOrder);
                    json.WriteString("reason", plan.Reason);
                });
            }
            else
            {
                context.Console.Out.WriteLine(plan.ToString());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The collection, which must hold documents or indexes (exit 3 otherwise: a typo reads as empty).</summary>
    private static DocumentCollection Existing(LocalStore local, string name)
    {
        DocumentCollection collection = local.Collection(name);
        if (!KeyspaceNames.Collections(local).Contains(name, StringComparer.Ordinal))
        {
            throw new CliException(ExitCodes.NotFound, $"no collection '{name}'");
        }

        return collection;
    }

    private static JsonObject ParseObject(string source)
    {
        try
        {
            return JsonNode.Parse(source) as JsonObject ?? throw new CliException(ExitCodes.Usage, "the document is not a JSON object");
        }
        catch (JsonException error)
        {
            throw new CliException(ExitCodes.Usage, $"the document is not valid JSON: {error.Message}", error);
        }
    }

    private static void WriteDocumentJson(CommandContext context, string id, JsonObject document) =>
        JsonOutput.WriteObject(context.Console.Out, json =>
        {
            json.WriteString("id", id);
            json.WritePropertyName("document");
            document.WriteTo(json);
        });
}
