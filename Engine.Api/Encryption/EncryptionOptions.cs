using System;

namespace Engine.Api.Encryption;

/// <summary>
/// Turns on encryption at rest: every file of the store (log, tables, manifest, options, temporary and blob files) is
/// written as AES-256-GCM frames under per-file keys derived from the provider's data keys. Format:
/// <c>docs/format/encryption.md</c>.
/// </summary>
/// <remarks>Immutable; may be shared between stores that share the keys.</remarks>
public sealed record EncryptionOptions
{
    /// <summary>Encrypts with the keys of <paramref name="keys"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    public EncryptionOptions(IKeyProvider keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = keys;
    }

    /// <summary>Where the data keys come from.</summary>
    public IKeyProvider Keys { get; }
}
