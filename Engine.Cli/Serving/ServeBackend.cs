using System;
using System.IO;
using System.Threading.Tasks;
using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Server.Authentication;
using Engine.Server.Hosting;
using Microsoft.AspNetCore.Builder;

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

    public static ServeBackend Open(ServeSettings settings)
    {
        if (settings.StoreDirectory is { } directory)
        {
            return OpenEmbedded(directory);
        }

        throw new CliException(ExitCodes.Usage, "--postgres is not available in this build");
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
#pragma warning disable CA2000 // Ownership passes to the backend, whose DisposeAsync closes all three.
        Database database = Database.Open(directory);
        try
        {
            EmbeddedSyncLogStore store = new(database);
            EmbeddedWorkspaceStore workspaces = new(database);
            SyncGateway gateway = new(store, workspaces);
#pragma warning restore CA2000
            return new ServeBackend(gateway, workspaces, $"the embedded gateway in '{directory}'", async () =>
            {
                await store.DisposeAsync().ConfigureAwait(false);
                workspaces.Dispose();
                database.Dispose();
            });
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }
}
