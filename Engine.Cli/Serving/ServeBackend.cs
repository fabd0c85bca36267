using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Postgres;
using Engine.Server.Authentication;
using Engine.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Engine.Cli.Serving;

/// <summary>The gateway and workspace store <c>engine serve</c> serves, and what it must close when the server stops.</summary>
internal sealed class ServeBackend : IAsyncDisposable
{
    private readonly Func<ValueTask> _close;

    private ServeBackend(ISyncGateway gateway, IAuthWorkspaceStore workspaces, string description, Func<ValueTask> close)
    {
        Gateway = gateway;
        Workspaces = workspaces;
        Description = description;
        _close = close;
    }

    public ISyncGateway Gateway { get; }

    public IAuthWorkspaceStore Workspaces { get; }

    /// <summary>What is served, for the start-up line.</summary>
    public string Description { get; }

#pragma warning disable CA2000 // What the factories open passes to the backend, whose DisposeAsync closes it.
    public static ValueTask<ServeBackend> OpenAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        if (settings.StoreDirectory is { } directory)
        {
            return ValueTask.FromResult(OpenEmbedded(directory));
        }

        return OpenPostgresAsync(settings.PostgresConnectionString!, cancellationToken);
    }

    /// <summary>The server over this backend with the settings' addresses and tokens.</summary>
    public WebApplication CreateApplication(ServeSettings settings) =>
        SyncServerApplication.Create(new SyncServerSetup(Gateway, Workspaces, DevTokenFile.Load(settings.TokenFile))
        {
            Urls = settings.Urls,
            ConsoleLogging = true,
        });

    public ValueTask DisposeAsync() => _close();

    private static ServeBackend OpenEmbedded(string directory)
    {
        Directory.CreateDirectory(directory);
        EmbeddedGateway embedded = EmbeddedGateway.Open(directory);
        return new ServeBackend(embedded.Gateway, embedded.Workspaces, $"the embedded gateway in '{directory}'", embedded.DisposeAsync);
    }

    /// <summary>The PostgreSQL stores, after migrating the schema to this build's version (several servers may share the database).</summary>
    private static async ValueTask<ServeBackend> OpenPostgresAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder target = new(connectionString);
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(target);
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
            PostgresSyncLogStore store = new(dataSource);
            PostgresWorkspaceStore workspaces = new(dataSource);
            return new ServeBackend(new SyncGateway(store, workspaces), workspaces, $"the PostgreSQL stores at {target.Host}:{target.Port}/{target.Database}", async () =>
            {
                await store.DisposeAsync().ConfigureAwait(false);
                await dataSource.DisposeAsync().ConfigureAwait(false);
            });
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
#pragma warning restore CA2000
}
