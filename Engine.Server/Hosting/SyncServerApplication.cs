using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Api.Gateway;
using Engine.Server.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engine.Server.Hosting;

/// <summary>
/// The runnable server: Kestrel, development bearer tokens, the sync and workspace routes, <c>/healthz</c> and
/// <c>/metrics</c>. A production host composes the same parts with its own authentication instead.
/// </summary>
public static class SyncServerApplication
{
    /// <summary>Builds the application; the caller starts and disposes it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="setup"/> is null.</exception>
    public static WebApplication Create(SyncServerSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls([.. setup.Urls]);
        builder.Logging.ClearProviders();
        if (setup.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        }

        builder.Services.AddSingleton<ISyncGateway>(setup.Gateway);
        builder.Services.AddSingleton<IAuthWorkspaceStore>(setup.Workspaces);
        builder.Services.AddSyncServer(setup.ConfigureOptions);
        builder.Services.AddAuthentication(DevTokenAuthenticationOptions.DefaultScheme).AddDevTokens(setup.Tokens);

        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.MapSyncGateway();
        app.MapSyncServerDiagnostics();
        return app;
    }

    /// <summary>The addresses a started application listens on, with the ports Kestrel picked for port 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="app"/> is null.</exception>
    public static IReadOnlyList<Uri> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        IServerAddressesFeature? feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return feature is null ? [] : [.. feature.Addresses.Select(address => new Uri(address))];
    }
}
