using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Gateway.Storage;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The gateway's change log, materialized records, tombstones, device cursors and snapshot captures on our engine
/// (spec sync-gateway.md 5.2 to 5.4; keys and values in docs/format/gateway.md): every mutating call is one atomic,
/// synced <see cref="WriteBatch"/>.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. Calls that read, decide and write one workspace's state (push, cursor update, GC) hold that
/// workspace's <see cref="SemaphoreSlim"/>; pulls and snapshot reads take no lock and read one consistent engine
/// snapshot. Op ids are global: a push claims its op ids in an in-process set before it reads the op index and keeps
/// them until its batch is committed, so two workspaces racing on one op id cannot both log it. The store is the only
/// writer of its keyspaces: two stores (or processes) on one database would break that; the database's lock file
/// keeps other processes out.
/// </para>
/// <para>
/// Split by concern: this file (construction, locks, disposal), <c>.Push.cs</c>, <c>.Pull.cs</c>, <c>.Cursor.cs</c>,
/// <c>.Gc.cs</c> and <c>.Snapshot.cs</c>.
/// </para>
/// </remarks>
public sealed partial class EmbeddedSyncLogStore : ISyncLogStore
{
    /// <summary>The default cap on open snapshot captures (<see cref="SyncGatewayOptions.MaxOpenSnapshots"/>).</summary>
    public const int DefaultMaxOpenSnapshots = 64;

    private readonly Database _database;
    private readonly TimeProvider _time;

    // One lock per workspace ever written by this process; they are few (one per workspace) and never removed, so a
    // lock a waiter holds a reference to is never replaced by another.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _workspaceLocks = new(StringComparer.Ordinal);

    // Op ids that a push is deciding or writing now, mapped to the claiming workspace; see ClaimOpIds.
    private readonly ConcurrentDictionary<string, string> _claimedOpIds = new(StringComparer.Ordinal);

    private readonly SnapshotRegistry _snapshots;

    // How pushes, cursor updates and GC batches are written; see the constructor.
    private readonly Durability _durability;
    private volatile bool _disposed;

    /// <summary>Opens the store on <paramref name="database"/>, which it does not own, checking (or writing) the gateway's format record.</summary>
    /// <param name="database">An open database; may be shared with the workspace store (different keyspaces).</param>
    /// <param name="maxOpenSnapshots">The most snapshot captures held at once; capturing beyond it forgets the oldest.</param>
    /// <param name="timeProvider">The clock that expires snapshot captures; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="durability">
    /// How each push, cursor update and GC batch is written before it is acknowledged: <see cref="Durability.Synced"/>
    /// (the default) survives a machine crash; <see cref="Durability.Flushed"/> survives a process crash only, as
    /// SQLite's WAL with <c>synchronous = NORMAL</c>, and saves an fsync per push.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxOpenSnapshots"/> is below 1, or <paramref name="durability"/> is <see cref="Durability.Buffered"/> or unknown.</exception>
    /// <exception cref="StorageException">The database holds a newer gateway format (FailedPrecondition), or I/O failed.</exception>
    public EmbeddedSyncLogStore(
        Database database, int maxOpenSnapshots = DefaultMaxOpenSnapshots, TimeProvider? timeProvider = null, Durability durability = Durability.Synced)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOpenSnapshots, 1);
        if (durability is not (Durability.Synced or Durability.Flushed))
        {
            throw new ArgumentOutOfRangeException(nameof(durability), durability, "Acknowledged writes are flushed or synced.");
        }

        _durability = durability;
        GatewayFormat.Ensure(database);
        _database = database;
        _time = timeProvider ?? TimeProvider.System;
        _snapshots = new SnapshotRegistry(maxOpenSnapshots);
    }

    /// <summary>Releases every retained snapshot; the database stays open. A second call does nothing.</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _snapshots.Clear();
        return ValueTask.CompletedTask;
    }

    private void EnsureOpen() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Waits for <paramref name="workspaceId"/>'s lock; dispose the result to release it.</summary>
    private async ValueTask<WorkspaceLease> LockAsync(string workspaceId, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate = _workspaceLocks.GetOrAdd(workspaceId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WorkspaceLease(gate);
    }

    private CounterValue ReadCounter(string workspaceId, Snapshot? snapshot = null) =>
        GatewayRecords.Get<CounterValue>(_database, GatewayKeys.Counter(workspaceId), snapshot) ?? new CounterValue();

    private static void CheckWorkspace(string workspaceId) => ArgumentException.ThrowIfNullOrEmpty(workspaceId);

    /// <summary>Holds a workspace lock until disposed.</summary>
    private readonly struct WorkspaceLease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
