using System;
using Engine.Api.LocalFirst.KeyValue;

namespace Engine.Api.LocalFirst;

/// <summary>The key-value store.</summary>
public sealed partial class LocalStore
{
    /// <summary>
    /// The key-value entries of <paramref name="namespace"/> (the default namespace is the empty string). Cheap: the
    /// returned object holds no state of its own, and every one taken for a namespace sees the same entries.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="namespace"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="namespace"/> holds a NUL character or an unpaired surrogate.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public KeyValueStore KeyValue(string @namespace = "")
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ThrowIfDisposed();
        return new KeyValueStore(this, @namespace);
    }
}
