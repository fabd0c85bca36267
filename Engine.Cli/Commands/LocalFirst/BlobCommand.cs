using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.LocalFirst;
using Engine.Api.LocalFirst.Blobs;
using Engine.Cli.Output;
using Spectre.Console;

namespace Engine.Cli.Commands.LocalFirst;

/// <summary>
/// <c>engine blob list|info|get|put|delete</c>: the blob store of a local-first store. <c>get</c> and <c>put</c> stream,
/// so a blob larger than memory passes through.
/// </summary>
internal static class BlobCommand
{
    public static Command Create(CliConsole console)
    {
        Command command = new("blob", "Read and edit the blob store of a local-first store.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Info(console));
        command.Subcommands.Add(Get(console));
        command.Subcommands.Add(Put(console));
        command.Subcommands.Add(Delete(console));
        return command;
    }

    private static Argument<string> Id() => new("id") { Description = "The blob's id." };

    private static Command List(CliConsole console)
    {
        LocalStoreArguments store = new();
        Command command = store.NewCommand("list", "List every blob's metadata, in id order (roughly oldest first).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            using LocalStore local = store.Open(parse, create: false);
            Table table = new();
            table.AddColumns("id", "size", "content type", "created", "sha256");
            await foreach (BlobMetadata blob in local.Blobs.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json => WriteMetadata(json, blob));
                }
                else
                {
                    table.AddRow(Markup.Escape(blob.Id), Show.Bytes(blob.Size), Markup.Escape(blob.ContentType ?? "-"), Show.Instant(blob.CreatedAt), blob.Sha256Hex);
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

    private static Command Info(CliConsole console)
    {
        LocalStoreArguments store = new();
        Argument<string> id = Id();
        Command command = store.NewCommand("info", "Show one blob's metadata; exit 3 when there is no such blob.");
        command.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string blobId = context.Require(id);
            using LocalStore local = store.Open(parse, create: false);
            BlobMetadata blob = await local.Blobs.GetMetadataAsync(blobId, cancellationToken).ConfigureAwait(false) ?? throw NoBlob(blobId);
            WriteOne(context, blob);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliConsole console)
    {
        LocalStoreArguments store = new();
        Argument<string> id = Id();
        Option<string?> output = new("--out", "-o") { Description = "Write the blob to this file (replaced) instead of to stdout." };
        Command command = store.NewCommand("get", "Write a blob's bytes to stdout, or to a file with --out; its SHA-256 is checked on the way.");
        command.Add(id);
        command.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string blobId = context.Require(id);
            string? path = parse.GetValue(output);
            using LocalStore local = store.Open(parse, create: false);
            Stream blob = await local.Blobs.OpenReadAsync(blobId, cancellationToken: cancellationToken).ConfigureAwait(false) ?? throw NoBlob(blobId);
            await using (blob.ConfigureAwait(false))
            {
                if (path is null)
                {
                    // Only the bytes go to stdout, whatever --json says: the output is the blob.
                    Stream stdout = context.Console.OpenBinaryOut();
                    await blob.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
                    await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                long written = await CopyToFileAsync(blob, path, cancellationToken).ConfigureAwait(false);
                if (context.Json)
                {
                    JsonOutput.WriteObject(context.Console.Out, json =>
                    {
                        json.WriteString("id", blobId);
                        json.WriteString("file", path);
                        json.WriteNumber("bytes", written);
                    });
                }
                else
                {
                    context.Console.Out.WriteLine($"Wrote blob {blobId} ({Show.Bytes(written)}) to '{path}'.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Put(CliConsole console)
    {
        LocalStoreArguments store = new();
        Option<string> file = new("--file", "-f") { Description = "The file to store.", Required = true };
        Option<string?> contentType = new("--content-type") { Description = "A media type to keep with the blob." };
        Option<string[]> meta = new("--meta") { Description = "Custom metadata, KEY=VALUE (repeatable).", AllowMultipleArgumentsPerToken = false };
        Command command = store.NewCommand("put", "Store a file as a new blob (streamed), creating the store if it does not exist; prints its id.");
        command.Add(file);
        command.Add(contentType);
        command.Add(meta);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string path = parse.GetValue(file)!;
            Dictionary<string, string>? custom = LocalFirstText.Pairs(parse.GetValue(meta), "--meta");
            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.NotFound, $"no file '{path}'");
            }

            FileStream source = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (source.ConfigureAwait(false))
            {
                using LocalStore local = store.Open(parse, create: true);
                BlobMetadata blob = await local.Blobs.PutAsync(source, parse.GetValue(contentType), custom, cancellationToken).ConfigureAwait(false);
                WriteOne(context, blob);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        LocalStoreArguments store = new();
        Argument<string> id = Id();
        Command command = store.NewCommand("delete", "Delete a blob; exit 3 when there is no such blob.");
        command.Add(id);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CommandContext context = new(console, parse);
            string blobId = context.Require(id);
            using LocalStore local = store.Open(parse, create: false);
            if (!await local.Blobs.DeleteAsync(blobId, cancellationToken).ConfigureAwait(false))
            {
                throw NoBlob(blobId);
            }

            if (context.Json)
            {
                JsonOutput.WriteObject(context.Console.Out, json =>
                {
                    json.WriteString("id", blobId);
                    json.WriteBoolean("deleted", true);
                });
            }
            else
            {
                context.Console.Out.WriteLine($"Deleted blob {blobId}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static CliException NoBlob(string id) => new(ExitCodes.NotFound, $"no blob '{id}'");

    /// <summary>Copies to a temporary file beside <paramref name="path"/> and renames it, so a failed read leaves no partial file.</summary>
    private static async Task<long> CopyToFileAsync(Stream blob, string path, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + $".{Guid.NewGuid():N}.partial";
        try
        {
            long written;
            FileStream target = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                await blob.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                written = target.Length;
            }

            File.Move(temporary, full, overwrite: true);
            return written;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void WriteOne(CommandContext context, BlobMetadata blob)
    {
        string json = Format(blob);
        if (context.Json)
        {
            context.Console.Out.WriteLine(json);
        }
        else
        {
            context.Console.Ansi.Write(FieldTable.From(json));
        }
    }

    private static string Format(BlobMetadata blob)
    {
        using StringWriter text = new();
        JsonOutput.WriteObject(text, json => WriteMetadata(json, blob));
        return text.ToString().TrimEnd();
    }

    private static void WriteMetadata(Utf8JsonWriter json, BlobMetadata blob)
    {
        json.WriteString("id", blob.Id);
        json.WriteNumber("size", blob.Size);
        json.WriteString("contentType", blob.ContentType);
        JsonOutput.WriteInstant(json, "createdAt", blob.CreatedAt);
        json.WriteString("sha256", blob.Sha256Hex);
        json.WriteStartObject("custom");
        foreach (KeyValuePair<string, string> pair in blob.Custom)
        {
            json.WriteString(pair.Key, pair.Value);
        }

        json.WriteEndObject();
    }
}
