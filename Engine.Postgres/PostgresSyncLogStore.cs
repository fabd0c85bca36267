using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Storage;
using Npgsql;

namespace Engine.Postgres;

/// <summary>
/// The gateway's change log, records, tombstones, device cursors and snapshot captures in PostgreSQL, for deployments
/// that run several gateway processes against one database (spec sync-gateway.md sections 1 and 4; schema in
/// <see cref="PostgresSchema"/>, which must be migrated first).
/// </summary>
/// <remarks>
/// Every call is one transaction. A push locks its workspace's counter row, so pushes to one workspace serialize
/// across processes and take contiguous versions; op ids are unique by the database's primary key, so two workspaces
/// racing on one op id cannot both log it (the loser's transaction retries and sees a conflict). Thread-safe; the
/// data source is the caller's and stays open when the store is disposed.
/// </remarks>
public sealed partial class PostgresSyncLogStore : ISyncLogStore
{
    /// <summary>The default cap on open snapshot captures (<see cref="Engine.Api.Gateway.SyncGatewayOptions.MaxOpenSnapshots"/>).</summary>
    public const int DefaultMaxOpenSnapshots = 64;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly int _maxOpenSnapshots;
    private int _disposed;

    /// <summary>Creates a store over a migrated database.</summary>
    /// <param name="dataSource">The database; the caller owns it.</param>
    /// <param name="timeProvider">The clock for snapshot expiry; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="maxOpenSnapshots">The most snapshot captures kept at once in the database; capturing beyond it forgets the oldest.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxOpenSnapshots"/> is below 1.</exception>
    public PostgresSyncLogStore(NpgsqlDataSource dataSource, TimeProvider? timeProvider = null, int maxOpenSnapshots = DefaultMaxOpenSnapshots)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOpenSnapshots, 1);
        _dataSource = dataSource;
        _time = timeProvider ?? TimeProvider.System;
        _maxOpenSnapshots = maxOpenSnapshots;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return ValueTask.CompletedTask;
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void CheckWorkspace(string workspaceId)
    {
        ThrowIfDisposed();
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
    }
}
