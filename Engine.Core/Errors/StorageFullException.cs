using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// A write failed because the disk (or a configured quota) is full. Nothing of the write is acknowledged; the store
/// stays readable and consistent.
/// </summary>
public sealed class StorageFullException : StorageException
{
    /// <summary>Creates the exception with a message naming what could not be written.</summary>
    public StorageFullException(string message, Exception? innerException = null)
        : base(StorageErrorCode.ResourceExhausted, message, innerException)
    {
    }
}
