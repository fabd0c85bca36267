using System;
using System.CommandLine;
using Engine.Api.Sync;
using Engine.Api.Sync.Results;
using Engine.Cli.Output;
using Engine.Cli.Store;
using Google.Protobuf;
using Spectre.Console;

namespace Engine.Cli.Commands.List;

/// <summary>
/// The options every <c>list</c> subcommand takes (store, sync, page size, page token, --all) and the loop they share:
/// one page by default, every page with <c>--all</c>; a table with the next page token on stderr, or JSON lines
/// ending with a <c>{"nextPageToken": ...}</c> line when another page follows.
/// </summary>
internal sealed class ListPaging
{
    private readonly Option<string> _store = StoreOption.Create();
    private readonly Option<string?> _sync = CommonOptions.Sync("The sync to list (default: the store's default for the listing, the latest finished sync).");
    private readonly Option<int> _pageSize = new("--page-size") { Description = "Records per page (0: the store's maximum).", DefaultValueFactory = _ => 100 };
    private readonly Option<string?> _pageToken = new("--page-token") { Description = "Continue from this token (printed after the previous page)." };
    private readonly Option<bool> _all = new("--all") { Description = "Follow page tokens to the end." };

    /// <summary>A subcommand with the shared options added.</summary>
    public Command NewCommand(string name, string description)
    {
        Command command = new(name, description) { _store, _sync, _pageSize, _pageToken, _all };
        return command;
    }

    /// <summary>
    /// Opens the store read-only and prints one page (or all) of what <paramref name="fetch"/> returns for a sync id, a
    /// page size and a token: <paramref name="columns"/> and <paramref name="row"/> make the table.
    /// </summary>
    public int Run<T>(CommandContext context, Func<SyncStore, PageQuery, Page<T>> fetch, string[] columns, Func<T, string[]> row)
        where T : IMessage
    {
        int pageSize = context.Parse.GetValue(_pageSize);
        if (pageSize < 0)
        {
            throw new CliException(ExitCodes.Usage, $"--page-size must be 0 or more, not {pageSize}");
        }

        bool all = context.Parse.GetValue(_all);
        using StoreHandle handle = StoreOpener.Open(context.Parse.GetValue(_store)!, StoreAccess.Read);
        Table table = new();
        foreach (string column in columns)
        {
            table.AddColumn(column);
        }

        string? syncId = context.Parse.GetValue(_sync);
        if (syncId is not null)
        {
            // A listing of a sync that does not exist is empty to the store; to a user naming it, it is not found.
            handle.Store.ExistingSync(syncId);
        }

        string token = context.Parse.GetValue(_pageToken) ?? "";
        do
        {
            Page<T> page = fetch(handle.Store, new PageQuery(syncId, pageSize, token));
            foreach (T item in page.Items)
            {
                if (context.Json)
                {
                    JsonOutput.WriteMessage(context.Console.Out, item);
                }
                else
                {
                    table.AddRow(Array.ConvertAll(row(item), Markup.Escape));
                }
            }

            token = page.NextPageToken;
        }
        while (all && token.Length > 0);

        Finish(context, table, token);
        return ExitCodes.Ok;
    }

    private static void Finish(CommandContext context, Table table, string token)
    {
        if (context.Json)
        {
            if (token.Length > 0)
            {
                JsonOutput.WriteObject(context.Console.Out, json => json.WriteString("nextPageToken", token));
            }

            return;
        }

        context.Console.Ansi.Write(table);
        if (token.Length > 0)
        {
            // On stderr, unwrapped, so the table stays the data and the token can be copied whole.
            context.Console.Error.WriteLine($"more: --page-token {token}");
        }
    }
}

/// <summary>What a listing's page is asked for: the sync (null for the default), rows per page, and where to resume.</summary>
internal readonly record struct PageQuery(string? SyncId, int PageSize, string PageToken);
