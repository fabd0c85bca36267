using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.TimeSeries;
using Engine.Cli.Output;
using Spectre.Console;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// <c>engine ts series|query|aggregate|write</c>: the time series of a local-first store. Ranges are <c>[from, to)</c>
/// and default to all time; instants are ISO 8601, UTC unless an offset is given.
/// </summary>
internal static class TsCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new("ts", "Read and write the time series of a local-first store.");
        command.Subcommands.Add(Series(console));
        command.Subcommands.Add(Query(console));
        command.Subcommands.Add(Aggregate(console));
        command.Subcommands.Add(Write(console));
        return command;
    }

    private static Option<string> SeriesOption() => new("--series") { Description = "The series.", Required = true };

    private static Option<string[]> Tags(string description) => new("--tag") { Description = description };

    private static Command Series(CliConsole console)
    {
        LocalStoreArguments store = new();
        Command command = store.NewCommand("series", "List the series that hold points or a retention.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            using LocalStore local = store.Open(parse, create: false);
            Table table = new();
            table.AddColumns("series", "retention");
            foreach (string name in KeyspaceNames.Series(local))
            {
                TimeSpan? retention = await local.TimeSeries.GetRetentionAsync(name, cancellationToken).ConfigureAwait(false);
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json =>
                    {
                        json.WriteString("series", name);
                        if (retention is { } span)
                        {
                            json.WriteNumber("retentionSeconds", span.TotalSeconds);
                        }
                        else
                        {
                            json.WriteNull("retentionSeconds");
                        }
                    });
                }
                else
                {
                    table.AddRow(Markup.Escape(name), retention?.ToString() ?? "-");
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

    private static Command Query(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> series = SeriesOption();
        TimeRangeOptions range = new();
        Option<string[]> tags = Tags("Only points carrying this tag, KEY=VALUE (repeatable: all must match).");
        Option<int?> limit = new("--limit") { Description = "At most this many points (default: all)." };
        Command command = store.NewCommand("query", "List a series' points in time order; exit 3 when the series does not exist.");
        command.Add(series);
        range.AddTo(command);
        command.Add(tags);
        command.Add(limit);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(series)!;
            (DateTimeOffset from, DateTimeOffset to) = range.Parse(parse);
            Dictionary<string, string>? filter = LocalFirstText.Pairs(parse.GetValue(tags), "--tag");
            int? max = parse.GetValue(limit);
            if (max is < 0)
            {
                throw new CliException(ExitCodes.Usage, $"--limit must be 0 or more, not {max}");
            }

            using LocalStore local = store.Open(parse, create: false);
            RequireSeries(local, name);
            Table table = new();
            table.AddColumns("timestamp", "value", "tags");
            int count = 0;
            if (max != 0)
            {
                await foreach (DataPoint point in local.TimeSeries.QueryAsync(name, from, to, filter, cancellationToken).ConfigureAwait(false))
                {
                    if (context.Json)
                    {
                        JsonOutput.WriteObject(context.Console.Out, json =>
                        {
                            json.WriteString("timestamp", point.Timestamp);
                            json.WriteNumber("value", point.Value);
                            json.WriteStartObject("tags");
                            foreach (KeyValuePair<string, string> tag in Sorted(point.Tags))
                            {
                                json.WriteString(tag.Key, tag.Value);
                            }

                            json.WriteEndObject();
                        });
                    }
                    else
                    {
                        string tagText = string.Join(",", Sorted(point.Tags).Select(tag => $"{tag.Key}={tag.Value}"));
                        table.AddRow(point.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture), Number(point.Value), Markup.Escape(tagText));
                    }

                    if (++count == max)
                    {
                        break;
                    }
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

    private static Command Aggregate(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> series = SeriesOption();
        TimeRangeOptions range = new();
        Option<string[]> tags = Tags("Only points carrying this tag, KEY=VALUE (repeatable: all must match).");
        Option<string?> bucket = new("--bucket") { Description = "The bucket width (e.g. 1m, 1h), aligned to the Unix epoch (default: one value for the range)." };
        Option<Aggregation> fn = new("--fn") { Description = "What to compute: Mean, Sum, Min, Max, Count or StdDev (population).", DefaultValueFactory = _ => Aggregation.Mean };
        Command command = store.NewCommand("aggregate", "Aggregate a series' points over the range or per time bucket; buckets without points are omitted.");
        command.Add(series);
        range.AddTo(command);
        command.Add(tags);
        command.Add(bucket);
        command.Add(fn);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(series)!;
            (DateTimeOffset from, DateTimeOffset to) = range.Parse(parse);
            Dictionary<string, string>? filter = LocalFirstText.Pairs(parse.GetValue(tags), "--tag");
            TimeSpan? width = parse.GetValue(bucket) is { } text ? LocalFirstText.Duration(text, "--bucket") : null;
            Aggregation aggregation = parse.GetValue(fn);
            using LocalStore local = store.Open(parse, create: false);
            RequireSeries(local, name);
            IReadOnlyList<AggregateBucket> buckets = await local.TimeSeries.AggregateAsync(name, from, to, aggregation, width, filter, cancellationToken).ConfigureAwait(false);
            Table table = new();
            table.AddColumns("start", aggregation.ToString().ToLowerInvariant(), "points");
            foreach (AggregateBucket entry in buckets)
            {
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json =>
                    {
                        json.WriteString("start", entry.Start);
                        json.WriteNumber("value", entry.Value);
                        json.WriteNumber("count", entry.Count);
                    });
                }
                else
                {
                    table.AddRow(Show.Instant(entry.Start), Number(entry.Value), Show.Count(entry.Count));
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

    private static Command Write(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> series = SeriesOption();
        Option<double> value = new("--value") { Description = "The point's value.", Required = true };
        Option<string?> at = new("--at") { Description = "The point's instant (ISO 8601; default: now)." };
        Option<string[]> tags = Tags("A tag of the point, KEY=VALUE (repeatable).");
        Command command = store.NewCommand("write", "Write one point, creating the store if it does not exist; the same series, instant and tags replace the value.");
        command.Add(series);
        command.Add(value);
        command.Add(at);
        command.Add(tags);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string name = parse.GetValue(series)!;
            DateTimeOffset instant = parse.GetValue(at) is { } text ? LocalFirstText.Instant(text, "--at") : DateTimeOffset.UtcNow;
            Dictionary<string, string>? pointTags = LocalFirstText.Pairs(parse.GetValue(tags), "--tag");
            DataPoint point = new(name, instant, parse.GetValue(value), pointTags);
            using LocalStore local = store.Open(parse, create: true);
            await local.TimeSeries.WriteAsync([point], cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("series", name);
                    json.WriteString("timestamp", instant.ToUniversalTime());
                    json.WriteNumber("value", point.Value);
                });
            }
            else
            {
                context.Console.Out.WriteLine($"Wrote {Number(point.Value)} to series '{name}' at {instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Fails with exit 3 unless the series holds points or a retention: a typo would otherwise read as empty.</summary>
    private static void RequireSeries(LocalStore local, string name)
    {
        if (!KeyspaceNames.Series(local).Contains(name, StringComparer.Ordinal))
        {
            throw new CliException(ExitCodes.NotFound, $"no series '{name}'");
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Sorted(IReadOnlyDictionary<string, string>? tags) =>
        tags is null ? [] : tags.OrderBy(tag => tag.Key, StringComparer.Ordinal);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
