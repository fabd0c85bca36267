// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>What kind of failure a <see cref="StorageException"/> reports.</summary>
/// <remarks>
/// The codes follow the status codes of gRPC and Pebble so that a caller can decide what to do
/// without parsing messages: retry (<see cref="Unavailable"/>), fix the call
/// (<see cref="InvalidArgument"/>, <see cref="FailedPrecondition"/>), or stop and repair
/// (<see cref="Corruption"/>).
/// </remarks>
public enum StorageErrorCode
{
    /// <summary>An internal invariant did not hold; a bug in the engine.</summary>
    Internal = 0,

    /// <summary>A requested item (file, store, snapshot) does not exist.</summary>
    NotFound,

    /// <summary>An argument is malformed or outside its documented range.</summary>
    InvalidArgument,

    /// <summary>The call is valid but the store is not in a state to accept it (closed, failed, wrong sync state).</summary>
    FailedPrecondition,

    /// <summary>The item to be created exists already.</summary>
    AlreadyExists,

    /// <summary>A resource ran out: disk space, memory budget, open files.</summary>
    ResourceExhausted,

    /// <summary>Stored bytes are not what was written: a checksum mismatch, a bad length, a broken invariant on disk.</summary>
    Corruption,

    /// <summary>The store was opened read-only, or has stopped accepting writes.</summary>
    ReadOnly,

    /// <summary>The underlying storage failed (an I/O error); the operation may succeed later on healthy storage.</summary>
    Unavailable,

    /// <summary>An optimistic transaction read a value that another writer changed before it committed.</summary>
    Conflict,

    /// <summary>Encrypted bytes did not authenticate: the wrong key, or ciphertext that was changed.</summary>
    DecryptionFailed,
}
