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

    /// <summary>
    /// Creates a report of a damaged stored value: the store holding it and the key it is stored under, since a value
    /// has no file offset of its own (<see cref="Offset"/> is -1).
    /// </summary>
    /// <param name="storePath">The store (its directory) holding the value.</param>
    /// <param name="key">The key of the damaged value.</param>
    /// <param name="reason">What check failed, in a few words.</param>
    /// <param name="innerException">The exception that exposed the damage, if any.</param>
    public CorruptionException(string storePath, ReadOnlySpan<byte> key, string reason, Exception? innerException = null)
        : base(StorageErrorCode.Corruption, $"{reason} (store '{storePath}', key {Convert.ToHexString(key)})", innerException)
    {
        FilePath = storePath;
        Offset = -1;
        Reason = reason;
        Key = key.ToArray();
    }

    /// <summary>The file holding the damaged bytes (for a damaged value, the store's directory).</summary>
    public string FilePath { get; }

    /// <summary>The key of a damaged stored value; null when the damage is in a file's own structure.</summary>
    public byte[]? Key { get; }

    /// <summary>The offset, in bytes from the start of <see cref="FilePath"/>, of the damaged record or block; -1 for a value.</summary>
    public long Offset { get; }

    /// <summary>What check failed.</summary>
    public string Reason { get; }
}
