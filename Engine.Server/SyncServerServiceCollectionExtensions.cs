using System;
using System.Diagnostics.Metrics;
using Engine.Server.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Server;

/// <summary>Registers what the sync routes need besides the gateway and the workspace store, which the host registers.</summary>
public static class SyncServerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SyncServerOptions"/> (after <paramref name="configure"/>) and the server's metrics (meter
    /// <c>Engine.Server</c>). The host also registers an <see cref="Engine.Api.Gateway.ISyncGateway"/> and an
    /// <see cref="Engine.Api.Gateway.IAuthWorkspaceStore"/>, and its authentication.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A configured option is out of range.</exception>
    public static IServiceCollection AddSyncServer(this IServiceCollection services, Action<SyncServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        SyncServerOptions options = new();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(provider => new ServerMetrics(provider.GetService<IMeterFactory>()));
        return services;
    }
}
