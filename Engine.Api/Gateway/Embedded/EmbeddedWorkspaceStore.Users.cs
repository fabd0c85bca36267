using System;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway.Embedded.Records;

namespace Engine.Api.Gateway.Embedded;

/// <summary>Users and their external identities.</summary>
public sealed partial class EmbeddedWorkspaceStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// One user per (provider, provider user id); the same provider user id under another provider is another user.
    /// The email and display name are taken when the user is created. The user and the account are one batch, written
    /// under the store's write lock after a second look, so concurrent first logins make one user.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> or one of its ids is null.</exception>
    /// <exception cref="SyncRequestException">400: an empty or malformed provider or provider user id, or a malformed profile field.</exception>
    public async ValueTask<string> GetOrCreateUserAsync(ExternalIdentity identity, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(identity);
        WorkspaceRules.Identity(identity.Provider, "provider");
        WorkspaceRules.Identity(identity.ProviderUserId, "providerUserId");
        WorkspaceRules.Optional(identity.Email, "email");
        WorkspaceRules.Optional(identity.DisplayName, "displayName");
        cancellationToken.ThrowIfCancellationRequested();

        byte[] accountKey = GatewayKeys.Account(identity.Provider, identity.ProviderUserId);
        if (Read<AccountRecord>(accountKey, snapshot: null) is { } known)
        {
            return known.UserId;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The first look ran without the lock: another caller may have created the user since.
            if (Read<AccountRecord>(accountKey, snapshot: null) is { } raced)
            {
                return raced.UserId;
            }

            long now = Now();
            string userId = NewId();
            using WriteBatch batch = new();
            Put(batch, GatewayKeys.User(userId), new UserRecord { Email = identity.Email, DisplayName = identity.DisplayName, CreatedAt = now });
            Put(batch, accountKey, new AccountRecord { UserId = userId, CreatedAt = now });
            Commit(batch);
            return userId;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> or <paramref name="providerUserId"/> is null.</exception>
    /// <exception cref="SyncRequestException">400: an empty or malformed provider or provider user id.</exception>
    public ValueTask<UserInfo?> GetUserAsync(string provider, string providerUserId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        WorkspaceRules.Identity(provider, "provider");
        WorkspaceRules.Identity(providerUserId, "providerUserId");
        cancellationToken.ThrowIfCancellationRequested();

        byte[] accountKey = GatewayKeys.Account(provider, providerUserId);
        using Snapshot snapshot = _database.GetSnapshot();
        if (Read<AccountRecord>(accountKey, snapshot) is not { } account)
        {
            return ValueTask.FromResult<UserInfo?>(null);
        }

        UserRecord user = ReadUser(account.UserId, snapshot)
            ?? throw new CorruptionException("<gateway>", accountKey, "an account names a user that is not stored");
        return ValueTask.FromResult<UserInfo?>(new UserInfo(account.UserId, user.Email, user.DisplayName, user.ActiveWorkspaceId));
    }
}
