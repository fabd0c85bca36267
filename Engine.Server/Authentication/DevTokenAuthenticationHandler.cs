using System.Collections.Generic;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Engine.Api.Gateway;
using Engine.Server.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Engine.Server.Authentication;

/// <summary>
/// Development authentication: <c>Authorization: Bearer TOKEN</c> looked up in a <see cref="DevTokenFile"/>. A known
/// token yields the claims <see cref="SyncClaimTypes.Provider"/>, <see cref="ClaimTypes.NameIdentifier"/> and, when
/// the file has them, <see cref="ClaimTypes.Email"/> and <see cref="ClaimTypes.Name"/>; no header or an unknown token
/// yields no identity, which the sync routes answer with 401.
/// </summary>
public sealed class DevTokenAuthenticationHandler : AuthenticationHandler<DevTokenAuthenticationOptions>
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Creates the handler (by the authentication middleware).</summary>
    /// <param name="options">The scheme's options.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    public DevTokenAuthenticationHandler(IOptionsMonitor<DevTokenAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (header is null || !header.StartsWith(BearerPrefix, System.StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string token = header[BearerPrefix.Length..].Trim();
        ExternalIdentity? identity = Options.Tokens?.Find(token);
        if (identity is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown token"));
        }

        List<Claim> claims =
        [
            new(SyncClaimTypes.Provider, identity.Provider),
            new(ClaimTypes.NameIdentifier, identity.ProviderUserId),
        ];
        if (identity.Email is not null)
        {
            claims.Add(new Claim(ClaimTypes.Email, identity.Email));
        }

        if (identity.DisplayName is not null)
        {
            claims.Add(new Claim(ClaimTypes.Name, identity.DisplayName));
        }

        ClaimsPrincipal principal = new(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }
}
