namespace Engine.Api.Gateway;

/// <summary>Why one op of a push failed; the other ops of the batch are unaffected.</summary>
/// <remarks>Written on the wire in the reference's upper snake case (<c>VALIDATION_ERROR</c>, <c>CONFLICT</c>).</remarks>
public enum SyncErrorCode
{
    /// <summary>The op is malformed: unknown table, payload not an object, a forbidden or mismatched field.</summary>
    ValidationError,

    /// <summary>The caller may not perform this op.</summary>
    Unauthorized,

    /// <summary>The op id is taken by a different op (another fingerprint, or another workspace).</summary>
    Conflict,

    /// <summary>The op names something that does not exist.</summary>
    NotFound,

    /// <summary>The caller sends too fast.</summary>
    RateLimited,

    /// <summary>
    /// The op is too large for the server. <see cref="SyncGateway"/> reports a payload over
    /// <see cref="SyncGatewayOptions.MaxPayloadBytes"/> as <see cref="ValidationError"/>, as the reference does.
    /// </summary>
    Oversized,

    /// <summary>The server failed; the op may succeed when retried.</summary>
    ServerError,
}
