using System.Security.Claims;

namespace Engine.Server.Identity;

/// <summary>
/// The claims the HTTP layer reads from <c>HttpContext.User</c> to name the caller; the host's authentication puts them
/// there. The first claim present of each list wins.
/// </summary>
/// <remarks>
/// Provider: <see cref="Provider"/>, else <see cref="Issuer"/> (a JWT's issuer names its provider). Provider user id:
/// <see cref="ClaimTypes.NameIdentifier"/>, else <see cref="Subject"/>. Optional: <see cref="ClaimTypes.Email"/> or
/// <see cref="Email"/>, and <see cref="ClaimTypes.Name"/> or <see cref="Name"/> for the display name. A principal that is
/// not authenticated, or lacks a provider or a user id, is no caller (401).
/// </remarks>
public static class SyncClaimTypes
{
    /// <summary>The identity provider, e.g. <c>"dev"</c> or <c>"clerk"</c>.</summary>
    public const string Provider = "provider";

    /// <summary>A JWT's issuer, the provider when no <see cref="Provider"/> claim is present.</summary>
    public const string Issuer = "iss";

    /// <summary>A JWT's subject, the provider user id when no <see cref="ClaimTypes.NameIdentifier"/> claim is present.</summary>
    public const string Subject = "sub";

    /// <summary>A JWT's email claim.</summary>
    public const string Email = "email";

    /// <summary>A JWT's display name claim.</summary>
    public const string Name = "name";
}
