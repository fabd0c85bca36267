using System;
using Microsoft.AspNetCore.Authentication;

namespace Engine.Server.Authentication;

/// <summary>Registers development bearer tokens as an authentication scheme.</summary>
public static class DevTokenAuthenticationExtensions
{
    /// <summary>Adds the <see cref="DevTokenAuthenticationOptions.DefaultScheme"/> scheme over <paramref name="tokens"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="tokens"/> is null.</exception>
    public static AuthenticationBuilder AddDevTokens(this AuthenticationBuilder builder, DevTokenFile tokens)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tokens);
        return builder.AddScheme<DevTokenAuthenticationOptions, DevTokenAuthenticationHandler>(
            DevTokenAuthenticationOptions.DefaultScheme, options => options.Tokens = tokens);
    }
}
