using System;
using System.Collections.Generic;
using Engine.Api.Gateway;
using Engine.Server.Authentication;

namespace Engine.Server.Hosting;

/// <summary>What <see cref="SyncServerApplication.Create"/> composes: the services, where to listen and who may call.</summary>
/// <param name="Gateway">The gateway the sync routes call; the caller keeps ownership.</param>
/// <param name="Workspaces">The workspace store the caller mapping and workspace routes use; the caller keeps ownership.</param>
/// <param name="Tokens">The development identities.</param>
public sealed record SyncServerSetup(ISyncGateway Gateway, IAuthWorkspaceStore Workspaces, DevTokenFile Tokens)
{
    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:8080</c>; port 0 picks a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>Adjusts the HTTP layer's limits; null keeps the defaults.</summary>
    public Action<SyncServerOptions>? ConfigureOptions { get; init; }

    /// <summary>Whether ASP.NET Core logs to the console (information and above); off keeps only warnings.</summary>
    public bool ConsoleLogging { get; init; }
}
