using System;

namespace Engine.Api.Gateway;

/// <summary>
/// A request-level failure of the gateway or the workspace store, with the HTTP status the reference answers:
/// 400 (malformed request), 401 (no caller), 403 (not a member, insufficient role, other workspace), 404, 409 (a
/// cursor moving backwards), 410 (an expired or forgotten snapshot), 413 (an oversized body).
/// </summary>
/// <remarks>Per-op failures of a push are results (<see cref="PushOpResult"/>), not exceptions.</remarks>
public sealed class SyncRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">What is wrong, for a person.</param>
    public SyncRequestException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The HTTP status (400, 401, 403, 404, 409, 410, 413).</summary>
    public int Status { get; }
}
