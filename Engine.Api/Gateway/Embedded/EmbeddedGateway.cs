using System;
using System.Threading.Tasks;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// A whole sync gateway on our engine in one directory: it opens a <see cref="Api.Database"/> there, builds the
/// change-log store and the workspace store over it (different keyspaces of one database) and a
/// <see cref="SyncGateway"/> over both, and owns and disposes all of them.
/// </summary>
/// <remarks>
/// The directory can be open by one process at a time (the database's lock file). Thread-safe, as its parts are;
/// dispose it once no call is running.
/// </remarks>
/// <example>
/// <code>
/// await using EmbeddedGateway embedded = EmbeddedGateway.Open("/var/lib/app/sync");
/// string userId = await embedded.Workspaces.GetOrCreateUserAsync(new ExternalIdentity("clerk", "u_1"));
/// DefaultWorkspace ws = await embedded.Workspaces.GetOrCreateDefaultWorkspaceAsync(userId);
/// PushResult pushed = await embedded.Gateway.PushAsync(new SyncCaller(userId, ws.WorkspaceId), batch);
/// </code>
/// </example>
public sealed class EmbeddedGateway : IAsyncDisposable, IDisposable
{
    private bool _disposed;

    private EmbeddedGateway(Database database, EmbeddedSyncLogStore store, EmbeddedWorkspaceStore workspaces, SyncGateway gateway)
    {
        Database = database;
        Store = store;
        Workspaces = workspaces;
        Gateway = gateway;
    }

    /// <summary>The gateway: push, pull, cursors, snapshots, GC.</summary>
    public SyncGateway Gateway { get; }

    /// <summary>Users, workspaces and memberships.</summary>
    public EmbeddedWorkspaceStore Workspaces { get; }

    /// <summary>The change-log store under <see cref="Gateway"/>.</summary>
    public EmbeddedSyncLogStore Store { get; }

    /// <summary>The database both stores live in (for maintenance and metrics; do not write the gateway's keyspaces).</summary>
    public Database Database { get; }

    /// <summary>Opens (or creates) a gateway in <paramref name="directory"/>.</summary>
    /// <param name="directory">The database's directory.</param>
    /// <param name="options">The gateway's options; null for <see cref="SyncGatewayOptions.Default"/>.</param>
    /// <param name="databaseOptions">The database's settings; null for <see cref="DatabaseOptions.Default"/>.</param>
    /// <param name="time">The clock of every timestamp; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="durability">How the change-log store writes pushes (<see cref="EmbeddedSyncLogStore"/>): synced by default.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty, or a setting of <paramref name="options"/> is out of range.</exception>
    /// <exception cref="StorageException">The database cannot be opened (in use, invalid options, I/O) or holds a newer gateway format.</exception>
    /// <exception cref="CorruptionException">A file the database needs is damaged.</exception>
    public static EmbeddedGateway Open(
        string directory,
        SyncGatewayOptions? options = null,
        DatabaseOptions? databaseOptions = null,
        TimeProvider? time = null,
        Durability durability = Durability.Synced)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= SyncGatewayOptions.Default;
        options.Validate();
        time ??= TimeProvider.System;
        Database database = Database.Open(directory, databaseOptions);
        EmbeddedSyncLogStore? store = null;
        EmbeddedWorkspaceStore? workspaces = null;
        try
        {
            store = new EmbeddedSyncLogStore(database, options.MaxOpenSnapshots, time, durability);
            workspaces = new EmbeddedWorkspaceStore(database, time);
            return new EmbeddedGateway(database, store, workspaces, new SyncGateway(store, workspaces, options, time));
        }
        catch
        {
            workspaces?.Dispose();
            store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            database.Dispose();
            throw;
        }
    }

    /// <summary>Releases the stores and closes the database. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Store.DisposeAsync().ConfigureAwait(false);
        Workspaces.Dispose();
        Database.Dispose();
    }

    /// <summary>Releases the stores and closes the database. A second call does nothing.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
