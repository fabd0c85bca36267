using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Api.LocalFirst.Documents;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// The query of <c>doc query</c> and <c>doc explain</c>: <c>--filter</c> terms (<c>field=value</c>, <c>!=</c>,
/// <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>; all must hold), <c>--sort field[:desc]</c>, <c>--skip</c> and
/// <c>--limit</c>. A value is read as JSON when it parses (<c>42</c>, <c>true</c>, <c>null</c>, <c>"42"</c>), else as a string.
/// </summary>
internal sealed class DocQueryOptions
{
    private static readonly string[] s_operators = ["!=", ">=", "<=", "=", ">", "<"];

    private readonly Option<string[]> _filter = new("--filter") { Description = "A term FIELD=VALUE (or !=, >, >=, <, <=) every document must match (repeatable)." };
    private readonly Option<string[]> _sort = new("--sort") { Description = "Sort by FIELD, or FIELD:desc (repeatable; default: id order)." };
    private readonly Option<int> _skip = new("--skip") { Description = "Skip this many matches." };
    private readonly Option<int?> _limit = new("--limit") { Description = "At most this many documents (default: all)." };

    public void AddTo(Command command)
    {
        command.Add(_filter);
        command.Add(_sort);
        command.Add(_skip);
        command.Add(_limit);
    }

    /// <summary>The query the options describe; a malformed term is a usage error.</summary>
    public DocQuery Parse(ParseResult parse)
    {
        int skip = parse.GetValue(_skip);
        int? limit = parse.GetValue(_limit);
        if (skip < 0 || limit is < 0)
        {
            throw new CliException(ExitCodes.Usage, "--skip and --limit must be 0 or more");
        }

        List<DocFilter> terms = [];
        foreach (string text in parse.GetValue(_filter) ?? [])
        {
            terms.Add(Term(text));
        }

        List<FieldOrder> sort = [];
        foreach (string text in parse.GetValue(_sort) ?? [])
        {
            sort.Add(Order(text));
        }

        return new DocQuery
        {
            Filter = terms.Count switch { 0 => null, 1 => terms[0], _ => DocFilter.And(terms) },
            Sort = sort.Count == 0 ? null : sort,
            Skip = skip,
            Limit = limit,
        };
    }

    private static DocFilter Term(string text)
    {
        int at = text.IndexOfAny(['=', '!', '<', '>']);
        string? op = at <= 0 ? null : Array.Find(s_operators, candidate => text.AsSpan(at).StartsWith(candidate, StringComparison.Ordinal));
        if (op is null)
        {
            throw new CliException(ExitCodes.Usage, $"--filter '{text}' is not of the form FIELD=VALUE (or !=, >, >=, <, <=)");
        }

        string field = text[..at];
        JsonNode? value = Value(text[(at + op.Length)..]);
        try
        {
            return op switch
            {
                "=" => DocFilter.Eq(field, value),
                "!=" => DocFilter.Ne(field, value),
                ">" => DocFilter.Gt(field, value),
                ">=" => DocFilter.Gte(field, value),
                "<" => DocFilter.Lt(field, value),
                _ => DocFilter.Lte(field, value),
            };
        }
        catch (ArgumentException error)
        {
            throw new CliException(ExitCodes.Usage, $"--filter '{text}': {error.Message}", error);
        }
    }

    private static JsonNode? Value(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static FieldOrder Order(string text)
    {
        int colon = text.LastIndexOf(':');
        string direction = colon < 0 ? "asc" : text[(colon + 1)..];
        string field = colon < 0 ? text : text[..colon];
        if (field.Length == 0 || direction is not ("asc" or "desc"))
        {
            throw new CliException(ExitCodes.Usage, $"--sort '{text}' is not FIELD, FIELD:asc or FIELD:desc");
        }

        return new FieldOrder(field, Descending: direction == "desc");
    }
}
