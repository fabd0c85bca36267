using System.Collections.Generic;

namespace Engine.Core.Storage;

/// <summary>What a <see cref="MemDirectoryOperation"/> did to the namespace.</summary>
internal enum MemDirectoryOperationKind
{
    /// <summary>A new inode got the name <see cref="MemDirectoryOperation.Path"/>.</summary>
    Create,

    /// <summary>The inode moved from <see cref="MemDirectoryOperation.Path"/> to <see cref="MemDirectoryOperation.Target"/>, replacing any file there.</summary>
    Rename,

    /// <summary>The inode lost the name <see cref="MemDirectoryOperation.Path"/>.</summary>
    Delete,
}

/// <summary>
/// One change to a <see cref="MemFileSystem"/>'s namespace, recorded in issue order until it is durable, so that
/// a crash can replay a subset of the pending ones over the durable namespace.
/// </summary>
/// <remarks>Immutable except <see cref="DurableLocked"/>, which the owning file system's lock guards.</remarks>
internal sealed class MemDirectoryOperation
{
    public MemDirectoryOperation(MemDirectoryOperationKind kind, string path, string? target, MemInode inode)
    {
        Kind = kind;
        Path = path;
        Target = target;
        Inode = inode;
    }

    public MemDirectoryOperationKind Kind { get; }

    /// <summary>The name created or deleted, or the source of a rename.</summary>
    public string Path { get; }

    /// <summary>The destination of a rename; null otherwise.</summary>
    public string? Target { get; }

    public MemInode Inode { get; }

    /// <summary>True once a sync of <see cref="Inode"/> has made this operation durable.</summary>
    public bool DurableLocked { get; set; }

    /// <summary>
    /// Replays the operation on <paramref name="names"/>. A rename or delete whose source no longer names this inode
    /// (because an earlier operation was lost in the crash) does not apply and is skipped.
    /// </summary>
    public void ApplyTo(Dictionary<string, MemInode> names)
    {
        switch (Kind)
        {
            case MemDirectoryOperationKind.Create:
                names[Path] = Inode;
                break;
            case MemDirectoryOperationKind.Rename when Names(names, Path):
                names.Remove(Path);
                names[Target!] = Inode;
                break;
            case MemDirectoryOperationKind.Delete when Names(names, Path):
                names.Remove(Path);
                break;
            default:
                break;
        }
    }

    private bool Names(Dictionary<string, MemInode> names, string path) =>
        names.TryGetValue(path, out MemInode? found) && ReferenceEquals(found, Inode);
}
