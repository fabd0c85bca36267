using System;

namespace Engine.Api.Encryption;

/// <summary>
/// Supplies the 32-byte data keys (DEKs) an encrypted store reads and writes with, each under a numeric key id that
/// the header of every file names.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: the store asks for keys from any thread, whenever it opens or creates a file.
/// New files take <see cref="CurrentKeyId"/>; a file keeps the key it was written with until compaction or
/// <see cref="Database.RotateKeys(bool)"/> rewrites it, so a provider keeps old keys until no file names them.
/// </remarks>
public interface IKeyProvider
{
    /// <summary>The id of the key new files are written with.</summary>
    uint CurrentKeyId { get; }

    /// <summary>
    /// Copies the 32-byte key <paramref name="keyId"/> into <paramref name="destination"/> (32 bytes); false when this
    /// provider does not hold that key.
    /// </summary>
    bool TryGetKey(uint keyId, Span<byte> destination);
}
