namespace Engine.Api.Gateway;

/// <summary>A member's role in a workspace; higher values include the permissions of lower ones.</summary>
/// <remarks>
/// Viewer reads (pull, snapshot, update-cursor); editor also writes (push, GC) and updates the workspace's name;
/// owner also removes the workspace (spec sync-gateway.md 2.2).
/// </remarks>
public enum WorkspaceRole : byte
{
    /// <summary>Reads: <c>workspace.read</c>.</summary>
    Viewer = 1,

    /// <summary>Reads and writes: <c>workspace.read</c>, <c>workspace.write</c>.</summary>
    Editor = 2,

    /// <summary>Everything, including settings, users and removal.</summary>
    Owner = 3,
}
