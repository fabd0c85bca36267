using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// An optimistic transaction (or a compare-and-swap) lost: a key it read changed after its snapshot. Nothing of it was
/// written; the caller may retry from a fresh snapshot.
/// </summary>
public sealed class TransactionConflictException : StorageException
{
    /// <summary>Creates the exception for the conflicting <paramref name="key"/>.</summary>
    public TransactionConflictException(ReadOnlySpan<byte> key)
        : base(StorageErrorCode.Conflict, $"the transaction read key {Convert.ToHexString(key)}, which another writer changed before the commit")
    {
        Key = key.ToArray();
    }

    /// <summary>The first key found changed since the transaction's snapshot.</summary>
    public byte[] Key { get; }
}
