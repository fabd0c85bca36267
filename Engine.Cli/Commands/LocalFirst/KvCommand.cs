using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading.Tasks;
using Engine.Api;
using Engine.Api.LocalFirst;
using Engine.Cli.Output;
using Spectre.Console;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// <c>engine kv get|put|delete|scan|count</c>: the key-value store of a local-first store, one namespace
/// (<c>--ns</c>, default the empty namespace) at a time. Keys and values are UTF-8 text, or hex with <c>--hex</c>.
/// </summary>
internal static class KvCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new("kv", "Read and edit the key-value store of a local-first store.");
        command.Subcommands.Add(Get(console));
        command.Subcommands.Add(Put(console));
        command.Subcommands.Add(Delete(console));
        command.Subcommands.Add(Scan(console));
        command.Subcommands.Add(Count(console));
        return command;
    }

    private static Command Get(CliConsole console)
    {
        LocalStoreArguments store = new();
        KvKeyOptions keyOptions = new();
        Command command = store.NewCommand("get", "Show one key's value; exit 3 when the key is missing or expired.");
        keyOptions.AddTo(command, withKey: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            bool asHex = keyOptions.Hex(parse);
            byte[] keyBytes = keyOptions.Key(context, parse);
            using LocalStore local = store.Open(parse, create: false);
            byte[] value = await local.KeyValue(keyOptions.Namespace(parse)).GetAsync(keyBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new CliException(ExitCodes.NotFound, $"no key '{ByteText.Show(keyBytes, asHex)}' in namespace '{keyOptions.Namespace(parse)}'");
            WriteEntries(context, [new(keyBytes, value)], asHex);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Put(CliConsole console)
    {
        LocalStoreArguments store = new();
        KvKeyOptions keyOptions = new();
        Option<string?> ttl = new("--ttl") { Description = "Expire the entry after this long (e.g. 30s, 5m, 2h, 7d)." };
        Option<string?> file = new("--file", "-f") { Description = "Read the value from this file instead of the VALUE argument." };
        Argument<string?> value = new("value") { Description = "The value (UTF-8 text, or hex with --hex); omit with --file.", Arity = ArgumentArity.ZeroOrOne };
        Command command = store.NewCommand("put", "Write one key's value, creating the store if it does not exist.");
        keyOptions.AddTo(command, withKey: true);
        command.Add(ttl);
        command.Add(file);
        command.Add(value);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            bool asHex = keyOptions.Hex(parse);
            byte[] keyBytes = keyOptions.Key(context, parse);
            byte[] valueBytes = (parse.GetValue(value), parse.GetValue(file)) switch
            {
                ({ } text, null) => ByteText.Parse(text, asHex, "value"),
                (null, { } path) => File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : throw new CliException(ExitCodes.NotFound, $"no file '{path}'"),
                _ => throw new CliException(ExitCodes.Usage, "give the value either as VALUE or with --file, not both or neither"),
            };
            System.TimeSpan? expiry = parse.GetValue(ttl) is { } ttlText ? LocalFirstText.Duration(ttlText, "--ttl") : null;
            using LocalStore local = store.Open(parse, create: true);
            string nsName = keyOptions.Namespace(parse);
            await local.KeyValue(nsName).PutAsync(keyBytes, valueBytes, expiry, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("namespace", nsName);
                    ByteText.Write(json, "key", keyBytes, asHex);
                    json.WriteNumber("bytes", valueBytes.Length);
                    if (expiry is { } span)
                    {
                        json.WriteNumber("ttlSeconds", span.TotalSeconds);
                    }
                    else
                    {
                        json.WriteNull("ttlSeconds");
                    }
                });
            }
            else
            {
                string expires = expiry is { } span ? $", expires in {span}" : "";
                context.Console.Out.WriteLine($"Put '{ByteText.Show(keyBytes, asHex)}' ({Show.Bytes(valueBytes.Length)}) in namespace '{nsName}'{expires}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        LocalStoreArguments store = new();
        KvKeyOptions keyOptions = new();
        Command command = store.NewCommand("delete", "Delete one key; exit 3 when there was nothing to delete.");
        keyOptions.AddTo(command, withKey: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            bool asHex = keyOptions.Hex(parse);
            byte[] keyBytes = keyOptions.Key(context, parse);
            using LocalStore local = store.Open(parse, create: false);
            string nsName = keyOptions.Namespace(parse);
            if (!await local.KeyValue(nsName).DeleteAsync(keyBytes, cancellationToken).ConfigureAwait(false))
            {
                throw new CliException(ExitCodes.NotFound, $"no key '{ByteText.Show(keyBytes, asHex)}' in namespace '{nsName}'");
            }

            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("namespace", nsName);
                    ByteText.Write(json, "key", keyBytes, asHex);
                    json.WriteBoolean("deleted", true);
                });
            }
            else
            {
                context.Console.Out.WriteLine($"Deleted '{ByteText.Show(keyBytes, asHex)}' from namespace '{nsName}'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Scan(CliConsole console)
    {
        LocalStoreArguments store = new();
        KvKeyOptions keyOptions = new();
        KvRangeOptions range = new();
        Option<bool> reverse = new("--reverse") { Description = "Descending key order." };
        Option<int?> limit = new("--limit") { Description = "At most this many entries (default: all)." };
        Command command = store.NewCommand("scan", "List the entries of a key range in key order.");
        keyOptions.AddTo(command, withKey: false);
        range.AddTo(command);
        command.Add(reverse);
        command.Add(limit);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            bool asHex = keyOptions.Hex(parse);
            KeyRange keys = range.Parse(parse, asHex);
            int? max = parse.GetValue(limit);
            if (max is < 0)
            {
                throw new CliException(ExitCodes.Usage, $"--limit must be 0 or more, not {max}");
            }

            using LocalStore local = store.Open(parse, create: false);
            List<KeyValuePair<byte[], byte[]>> entries = [];
            if (max != 0)
            {
                await foreach (KeyValuePair<byte[], byte[]> entry in local.KeyValue(keyOptions.Namespace(parse)).ScanAsync(keys, parse.GetValue(reverse), cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(entry);
                    if (entries.Count == max)
                    {
                        break;
                    }
                }
            }

            WriteEntries(context, entries, asHex);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Count(CliConsole console)
    {
        LocalStoreArguments store = new();
        KvKeyOptions keyOptions = new();
        KvRangeOptions range = new();
        Command command = store.NewCommand("count", "Count the live entries of a key range.");
        keyOptions.AddTo(command, withKey: false);
        range.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            KeyRange keys = range.Parse(parse, keyOptions.Hex(parse));
            using LocalStore local = store.Open(parse, create: false);
            string nsName = keyOptions.Namespace(parse);
            long count = await local.KeyValue(nsName).CountAsync(keys, cancellationToken).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("namespace", nsName);
                    json.WriteNumber("count", count);
                });
            }
            else
            {
                context.Console.Out.WriteLine($"{Show.Count(count)} entries in namespace '{nsName}'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Entries as a table (key, value, size) or one JSON object per entry.</summary>
    private static void WriteEntries(CommandContext context, IReadOnlyList<KeyValuePair<byte[], byte[]>> entries, bool hex)
    {
        if (context.Json)
        {
            foreach (KeyValuePair<byte[], byte[]> entry in entries)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    ByteText.Write(json, "key", entry.Key, hex);
                    ByteText.Write(json, "value", entry.Value, hex);
                });
            }

            return;
        }

        Table table = new();
        table.AddColumns("key", "value", "size");
        foreach (KeyValuePair<byte[], byte[]> entry in entries)
        {
            table.AddRow(Markup.Escape(ByteText.Show(entry.Key, hex)), Markup.Escape(ByteText.Show(entry.Value, hex)), Show.Bytes(entry.Value.Length));
        }

        context.Console.Ansi.Write(table);
    }
}
