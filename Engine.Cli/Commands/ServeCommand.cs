using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Engine.Cli.Serving;
using Microsoft.Extensions.Hosting;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine serve --store DIR | --postgres CONNSTRING [--urls URL...] --tokens FILE</c>: the sync gateway over HTTP
/// until Ctrl+C or SIGTERM, with development identities from a token file (docs/server.md).
/// </summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static Command Create(CliConsole console)
    {
        Option<string?> store = new("--store", "-s") { Description = "Serve the embedded gateway kept in this directory (created when missing)." };
        Option<string?> postgres = new("--postgres") { Description = "Serve the PostgreSQL stores at this connection string instead." };
        Option<string[]> urls = new("--urls")
        {
            Description = $"Where to listen (default {DefaultUrl}); port 0 picks a free port.",
            DefaultValueFactory = _ => [DefaultUrl],
            AllowMultipleArgumentsPerToken = true,
        };
        Option<string> tokens = new("--tokens")
        {
            Description = "The development token file: {\"tokens\": {\"TOKEN\": {\"provider\": \"dev\", \"user_id\": \"alice\"}}}.",
            Required = true,
        };
        Command command = new("serve", "Serve the sync gateway over HTTP (the reference's /api/sync and /api/workspaces routes, /healthz, /metrics).")
        {
            store, postgres, urls, tokens,
        };
        command.Validators.Add(result =>
        {
            bool hasStore = result.GetResult(store) is not null;
            bool hasPostgres = result.GetResult(postgres) is not null;
            if (hasStore == hasPostgres)
            {
                result.AddError("give exactly one of --store DIR and --postgres CONNSTRING");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            ServeSettings settings = new(parse.GetValue(store), parse.GetValue(postgres), parse.GetValue(urls) ?? [DefaultUrl], parse.GetValue(tokens)!);
            return RunAsync(new CommandContext(console, parse).Console, settings, started: null, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> fires or the host is told to stop (Ctrl+C, SIGTERM);
    /// <paramref name="started"/> gets the bound addresses once Kestrel listens.
    /// </summary>
    public static async Task<int> RunAsync(CliConsole console, ServeSettings settings, Action<IReadOnlyList<Uri>>? started, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.TokenFile))
        {
            throw new CliException(ExitCodes.NotFound, $"no token file at '{settings.TokenFile}'");
        }

        await using ServeBackend backend = await ServeBackend.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        await using Microsoft.AspNetCore.Builder.WebApplication app = backend.CreateApplication(settings);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Uri> addresses = Engine.Server.Hosting.SyncServerApplication.Addresses(app);
        console.Out.WriteLine($"Serving {backend.Description} on {string.Join(", ", addresses)}; Ctrl+C stops.");
        console.Out.Flush();
        started?.Invoke(addresses);
        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
