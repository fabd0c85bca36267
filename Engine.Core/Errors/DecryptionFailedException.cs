using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// Encrypted bytes did not authenticate: the store was opened with the wrong key, or a file was changed after it was
/// written. No decrypted bytes of the failed block are ever returned.
/// </summary>
public sealed class DecryptionFailedException : StorageException
{
    /// <summary>Creates the exception for the block of <paramref name="filePath"/> at <paramref name="offset"/>.</summary>
    public DecryptionFailedException(string filePath, long offset, string reason, Exception? innerException = null)
        : base(StorageErrorCode.DecryptionFailed, $"{reason} (file '{filePath}', offset {offset})", innerException)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>The file whose block failed.</summary>
    public string FilePath { get; }

    /// <summary>The offset of the failed block in the file, or -1 for the file's header.</summary>
    public long Offset { get; }
}
