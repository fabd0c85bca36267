using System;

namespace Engine.Core.Storage;

/// <summary>The file-system operations a <see cref="FaultPolicy"/> can make fail, combinable as flags.</summary>
[Flags]
internal enum FileOperationKind
{
    None = 0,

    /// <summary><see cref="IReadableFile.Read"/>.</summary>
    Read = 1 << 0,

    /// <summary><see cref="IWritableFile.Append"/> and <see cref="IWritableFile.Truncate"/>.</summary>
    Write = 1 << 1,

    /// <summary><see cref="IWritableFile.Sync"/>.</summary>
    Sync = 1 << 2,

    /// <summary><see cref="IFileSystem.Create"/> and <see cref="IFileSystem.OpenForAppend"/>.</summary>
    Create = 1 << 3,

    /// <summary><see cref="IFileSystem.OpenRead"/> and <see cref="IFileSystem.OpenMapped"/>.</summary>
    Open = 1 << 4,

    /// <summary><see cref="IFileSystem.Rename"/>.</summary>
    Rename = 1 << 5,

    /// <summary><see cref="IFileSystem.Delete"/>.</summary>
    Delete = 1 << 6,

    /// <summary><see cref="IFileSystem.List"/>.</summary>
    List = 1 << 7,

    /// <summary><see cref="IFileSystem.Lock"/>.</summary>
    Lock = 1 << 8,

    /// <summary><see cref="IFileSystem.GetLength"/> and <see cref="IFileSystem.CreateDirectory"/>.</summary>
    Metadata = 1 << 9,

    All = Read | Write | Sync | Create | Open | Rename | Delete | List | Lock | Metadata,
}
