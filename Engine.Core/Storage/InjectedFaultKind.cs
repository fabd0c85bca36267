namespace Engine.Core.Storage;

/// <summary>The failure a <see cref="FaultInjectingFileSystem"/> injects, shaped like the real one.</summary>
internal enum InjectedFaultKind
{
    /// <summary>Like EIO: a <see cref="Api.StorageException"/> with <see cref="Api.StorageErrorCode.Unavailable"/>.</summary>
    IOError,

    /// <summary>Like ENOSPC: a <see cref="Api.StorageException"/> with <see cref="Api.StorageErrorCode.ResourceExhausted"/>.</summary>
    DiskFull,
}
