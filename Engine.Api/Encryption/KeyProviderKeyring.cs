using System;
using Engine.Core.Storage.Encryption;

namespace Engine.Api.Encryption;

/// <summary>The engine's view (<see cref="IKeyring"/>) of a caller's <see cref="IKeyProvider"/>.</summary>
/// <remarks>Thread-safe as the provider is; checks that keys are 32 bytes.</remarks>
internal sealed class KeyProviderKeyring(IKeyProvider provider) : IKeyring
{
    public uint CurrentKeyId => provider.CurrentKeyId;

    public bool TryCopyKey(uint keyId, Span<byte> destination)
    {
        if (destination.Length != InMemoryKeyProvider.KeySizeBytes)
        {
            throw new ArgumentException($"a data key is {InMemoryKeyProvider.KeySizeBytes} bytes", nameof(destination));
        }

        return provider.TryGetKey(keyId, destination);
    }
}
