using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// A write was refused because the store is read-only: opened that way, or stopped after a failed write or fsync so
/// that nothing unacknowledged can be acknowledged later.
/// </summary>
public sealed class ReadOnlyException : StorageException
{
    /// <summary>Creates the exception with a message saying why the store is read-only.</summary>
    public ReadOnlyException(string message, Exception? innerException = null)
        : base(StorageErrorCode.ReadOnly, message, innerException)
    {
    }
}
