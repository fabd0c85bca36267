using System;
using Engine.Api.Gateway;

namespace Engine.Server.Json;

/// <summary>The wire spelling of the gateway's enums, as the reference writes them.</summary>
internal static class WireNames
{
    public static string Of(SyncOp op) => op switch
    {
        SyncOp.Put => "put",
        SyncOp.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public static string Of(SyncErrorCode code) => code switch
    {
        SyncErrorCode.ValidationError => "VALIDATION_ERROR",
        SyncErrorCode.Unauthorized => "UNAUTHORIZED",
        SyncErrorCode.Conflict => "CONFLICT",
        SyncErrorCode.NotFound => "NOT_FOUND",
        SyncErrorCode.RateLimited => "RATE_LIMITED",
        SyncErrorCode.Oversized => "OVERSIZED",
        SyncErrorCode.ServerError => "SERVER_ERROR",
        _ => "UNKNOWN",
    };

    public static string Of(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Owner => "owner",
        WorkspaceRole.Editor => "editor",
        WorkspaceRole.Viewer => "viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
