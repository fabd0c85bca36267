using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Engine.Api.Gateway;

namespace Engine.Server.Identity;

/// <summary>Maps an authenticated principal to our user and the workspace their session is in.</summary>
internal static class CallerResolver
{
    /// <summary>The external identity of <paramref name="user"/> (claims as <see cref="SyncClaimTypes"/> lists), or null for no caller.</summary>
    public static ExternalIdentity? IdentityOf(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        string? provider = First(user, SyncClaimTypes.Provider, SyncClaimTypes.Issuer);
        string? userId = First(user, ClaimTypes.NameIdentifier, SyncClaimTypes.Subject);
        if (string.IsNullOrEmpty(provider) || string.IsNullOrEmpty(userId))
        {
            return null;
        }

        return new ExternalIdentity(
            provider,
            userId,
            First(user, ClaimTypes.Email, SyncClaimTypes.Email),
            First(user, ClaimTypes.Name, SyncClaimTypes.Name));
    }

    /// <summary>
    /// Our user for <paramref name="identity"/> (created on first sight) and the session workspace: the user's active
    /// workspace, repaired or created by the store when missing.
    /// </summary>
    public static async ValueTask<SyncCaller> ResolveAsync(IAuthWorkspaceStore store, ExternalIdentity identity, CancellationToken cancellationToken)
    {
        string userId = await store.GetOrCreateUserAsync(identity, cancellationToken).ConfigureAwait(false);
        DefaultWorkspace workspace = await store.GetOrCreateDefaultWorkspaceAsync(userId, cancellationToken).ConfigureAwait(false);
        return new SyncCaller(userId, workspace.WorkspaceId);
    }

    private static string? First(ClaimsPrincipal user, string type, string fallback) =>
        user.FindFirst(type)?.Value ?? user.FindFirst(fallback)?.Value;
}
