using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>The data keys (DEKs) an encrypted file system reads and writes with, by key id.</summary>
/// <remarks>Implementations are thread-safe. The public face is <c>Engine.Api.Encryption.IKeyProvider</c>.</remarks>
internal interface IKeyring
{
    /// <summary>The id of the key new files are written with.</summary>
    uint CurrentKeyId { get; }

    /// <summary>
    /// Copies the 32-byte key <paramref name="keyId"/> into <paramref name="destination"/>; false when this keyring
    /// does not hold that key.
    /// </summary>
    bool TryCopyKey(uint keyId, Span<byte> destination);
}
