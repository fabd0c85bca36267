using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// Stored bytes are not what was written. Names the file and the byte offset where the damage was found,
/// so that an operator can inspect or restore that file.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class CorruptionException : StorageException
{
    /// <summary>Creates a corruption report for a byte range of a file.</summary>
    /// <param name="filePath">The file holding the damaged bytes.</param>
    /// <param name="offset">The offset, in bytes from the start of the file, of the damaged record or block.</param>
    /// <param name="reason">What check failed, in a few words.</param>
    public CorruptionException(string filePath, long offset, string reason)
        : this(filePath, offset, reason, null)
    {
    }

    /// <summary>Creates a corruption report with the exception that exposed it.</summary>
    public CorruptionException(string filePath, long offset, string reason, Exception? innerException)
        : base(StorageErrorCode.Corruption, $"{reason} (file '{filePath}', offset {offset})", innerException)
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The file holding the damaged bytes.</summary>
    public string FilePath { get; }

    /// <summary>The offset, in bytes from the start of <see cref="FilePath"/>, of the damaged record or block.</summary>
    public long Offset { get; }

    /// <summary>What check failed.</summary>
    public string Reason { get; }
}
