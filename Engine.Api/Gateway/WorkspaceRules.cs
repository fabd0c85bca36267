using System;
using System.Diagnostics.CodeAnalysis;

namespace Engine.Api.Gateway;

/// <summary>
/// The argument rules and refusals every <see cref="IAuthWorkspaceStore"/> shares (spec sync-gateway.md 2.1 and 4),
/// so the embedded and the PostgreSQL store answer the same statuses with the same messages.
/// </summary>
/// <remarks>
/// Bounds count UTF-16 code units. A workspace name is trimmed and must keep 1 to <see cref="MaxNameLength"/>
/// characters; a description is trimmed, may have up to <see cref="MaxDescriptionLength"/>, and an empty one is
/// stored as none. Identities and profile fields are kept as given, up to <see cref="MaxTextLength"/>; ids are
/// looked up as given, and one longer than that cannot exist. A string with an unpaired surrogate has no UTF-8 form and
/// is malformed (400). Stateless; thread-safe.
/// </remarks>
internal static class WorkspaceRules
{
    /// <summary>The longest workspace name, after trimming.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest workspace description, after trimming.</summary>
    public const int MaxDescriptionLength = 4096;

    /// <summary>The longest provider, provider user id, email, display name or id.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>The name of the workspace a user gets on first login.</summary>
    public const string DefaultWorkspaceName = "My Workspace";

    /// <summary>The refusal of an update by a viewer or a non-member.</summary>
    public const string InsufficientRoleMessage = "Forbidden: insufficient workspace role";

    /// <summary>The refusal of a removal by anyone but an owner.</summary>
    public const string OnlyOwnerRemovesMessage = "Forbidden: only owner can remove workspace";

    /// <summary>The refusal of a member change by anyone but an owner.</summary>
    public const string OnlyOwnerManagesMembersMessage = "Forbidden: only owner can manage members";

    /// <summary>The refusal to make a workspace active for a non-member or when it is deleted.</summary>
    public const string NotAMemberMessage = "Forbidden: not a member of this workspace";

    /// <summary>The trimmed name; 400 when it is empty or too long.</summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            BadRequest("workspace name must not be empty");
        }

        if (trimmed.Length > MaxNameLength)
        {
            BadRequest($"workspace name must be at most {MaxNameLength} characters");
        }

        Text(trimmed, "name", MaxNameLength);
        return trimmed;
    }

    /// <summary>The trimmed description, null for none; 400 when it is too long.</summary>
    public static string? Description(string? description)
    {
        string? trimmed = description?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > MaxDescriptionLength)
        {
            BadRequest($"workspace description must be at most {MaxDescriptionLength} characters");
        }

        Text(trimmed, "description", MaxDescriptionLength);
        return trimmed;
    }

    /// <summary>Checks an identity field: non-empty, bounded, UTF-8-encodable; 400 otherwise.</summary>
    public static void Identity(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            BadRequest($"{what} must not be empty");
        }

        Text(value, what, MaxTextLength);
    }

    /// <summary>Checks an optional profile field: bounded and UTF-8-encodable; 400 otherwise.</summary>
    public static void Optional(string? value, string what)
    {
        if (value is not null)
        {
            Text(value, what, MaxTextLength);
        }
    }

    /// <summary>Checks an id: not null (ArgumentNullException), bounded and UTF-8-encodable (400).</summary>
    public static void Id(string id, string paramName)
    {
        ArgumentNullException.ThrowIfNull(id, paramName);
        Text(id, paramName, MaxTextLength);
    }

    /// <summary>Checks a role value; 400 for one that is not defined.</summary>
    public static void Role(WorkspaceRole role)
    {
        if (role is not (WorkspaceRole.Viewer or WorkspaceRole.Editor or WorkspaceRole.Owner))
        {
            BadRequest($"unknown workspace role {(int)role}");
        }
    }

    /// <summary>Throws 400.</summary>
    [DoesNotReturn]
    public static void BadRequest(string message) => throw new SyncRequestException(400, message);

    /// <summary>Throws 403.</summary>
    [DoesNotReturn]
    public static void Forbidden(string message) => throw new SyncRequestException(403, message);

    /// <summary>Throws 404 for an unknown user.</summary>
    [DoesNotReturn]
    public static void UnknownUser(string userId) => throw new SyncRequestException(404, $"unknown user '{userId}'");

    private static void Text(string value, string what, int maxLength)
    {
        if (value.Length > maxLength)
        {
            BadRequest($"{what} must be at most {maxLength} characters");
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                BadRequest($"{what} contains an unpaired surrogate");
            }
        }
    }
}
