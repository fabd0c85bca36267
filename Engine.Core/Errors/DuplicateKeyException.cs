// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// An insert named a key that exists already (a document id in its collection, an index name). Nothing was written.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class DuplicateKeyException : StorageException
{
    /// <summary>Creates the exception for <paramref name="key"/> in <paramref name="scope"/>.</summary>
    /// <param name="scope">Where the key lives, for example a collection name.</param>
    /// <param name="key">The key that exists already.</param>
    public DuplicateKeyException(string scope, string key)
        : base(StorageErrorCode.AlreadyExists, $"'{key}' exists already in '{scope}'")
    {
        Scope = scope;
        Key = key;
    }

    /// <summary>Where the key lives, for example a collection name.</summary>
    public string Scope { get; }

    /// <summary>The key that exists already.</summary>
    public string Key { get; }
}
