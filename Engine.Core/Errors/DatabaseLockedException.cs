using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>The store is open already, in another process or through another open in this one.</summary>
public sealed class DatabaseLockedException : StorageException
{
    /// <summary>Creates the exception for the lock file at <paramref name="lockPath"/>.</summary>
    public DatabaseLockedException(string lockPath, Exception? innerException = null)
        : base(
            StorageErrorCode.FailedPrecondition,
            $"the store at '{System.IO.Path.GetDirectoryName(lockPath)}' is already open (lock file '{lockPath}' is held by another process or another open in this process)",
            innerException)
    {
        LockPath = lockPath;
    }

    /// <summary>The lock file that is held.</summary>
    public string LockPath { get; }
}
