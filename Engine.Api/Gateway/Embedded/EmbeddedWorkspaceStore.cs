using System;
using System.Threading;
using Engine.Api.Gateway.Embedded.Records;
using Engine.Api.Sync.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The workspace store on our engine (spec sync-gateway.md 2 with the rules of 4): users, their external identities,
/// workspaces and memberships in the Account, User, Workspace, Member and UserMembership keyspaces of an open
/// <see cref="Database"/> (docs/format/gateway.md), which it shares with other stores and does not own.
/// </summary>
/// <remarks>
/// <para>
/// Every mutation is one atomic <see cref="WriteBatch"/> written with <see cref="Durability.Synced"/> (spec 5.4), so a
/// crash leaves it whole or absent; a failed write surfaces as the engine's <see cref="StorageException"/>.
/// </para>
/// <para>
/// Mutations run one at a time under one store-wide <see cref="SemaphoreSlim"/>: they are rare (logins and workspace
/// settings), and one writer makes every read-then-write serializable, including a removal that re-homes many users and
/// a get-or-create racing with itself. Reads take no lock; the ones that read several keys read them at one snapshot.
/// </para>
/// <para>
/// A user's memberships sort by a join order (<see cref="MemberRecord.JoinedAt"/>): the join time in Unix milliseconds,
/// raised past the user's latest membership when two joins share a millisecond or the clock steps back, so the order
/// is strict and survives restarts. Thread-safe. Split by concern: users (<c>.Users.cs</c>), the default workspace
/// (<c>.Default.cs</c>), workspaces (<c>.Workspaces.cs</c>), removal (<c>.Remove.cs</c>), members (<c>.Members.cs</c>)
/// and reads of stored records (<c>.Records.cs</c>).
/// </para>
/// </remarks>
public sealed partial class EmbeddedWorkspaceStore : IAuthWorkspaceStore, IDisposable
{
    private readonly Database _database;
    private readonly TimeProvider _time;

    // Serializes every mutation (see remarks); never held by a read.
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // Set once by Dispose; a stale read only lets one more call reach the lock, which then reports the disposal.
    private volatile bool _disposed;

    /// <summary>Opens the workspace store over <paramref name="database"/>, writing the gateway's format record if it is missing.</summary>
    /// <param name="database">An open database; the store neither owns nor disposes it.</param>
    /// <param name="timeProvider">The clock of every timestamp; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="database"/> is null.</exception>
    /// <exception cref="StorageException">The database holds a gateway format this code does not know, or I/O failed.</exception>
    public EmbeddedWorkspaceStore(Database database, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = timeProvider ?? TimeProvider.System;
        GatewayFormat.Ensure(database);
    }

    /// <summary>Releases the store's lock; the database stays open (the store does not own it).</summary>
    public void Dispose()
    {
        _disposed = true;
        _writeLock.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string NewId() => Guid.CreateVersion7(_time.GetUtcNow()).ToString("N");

    private void Commit(WriteBatch batch) => _database.Write(batch, Durability.Synced);

    private static void Put<T>(WriteBatch batch, byte[] key, T record)
        where T : IVersionedRecord => batch.Put(key, RecordSerializer.Serialize(record));
}
