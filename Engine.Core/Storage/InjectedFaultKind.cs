namespace Engine.Core.Storage;

/// <summary>The failure a <see cref="FaultInjectingFileSystem"/> injects, shaped like the real one.</summary>
internal enum InjectedFaultKind
{
    /// <summary>Like EIO: a <see cref="Errors.StorageException"/> with <see cref="Errors.StorageErrorCode.Unavailable"/>.</summary>
    IOError,

    /// <summary>Like ENOSPC: a <see cref="Errors.StorageException"/> with <see cref="Errors.StorageErrorCode.ResourceExhausted"/>.</summary>
    DiskFull,
}
