using Microsoft.AspNetCore.Authentication;

namespace Engine.Server.Authentication;

/// <summary>The options of <see cref="DevTokenAuthenticationHandler"/>.</summary>
public sealed class DevTokenAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The scheme's default name.</summary>
    public const string DefaultScheme = "DevToken";

    /// <summary>The known tokens; null knows none (every request is anonymous).</summary>
    public DevTokenFile? Tokens { get; set; }
}
