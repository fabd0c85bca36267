using System;

// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>
/// The one exception type the engine throws for failures. <see cref="Code"/> says what kind of failure it is.
/// </summary>
/// <remarks>
/// Expected outcomes, such as a key that is not present, are return values, never exceptions.
/// Corruption is reported through the subclass <see cref="CorruptionException"/>, which names the file and offset.
/// This type is immutable and may be shared across threads.
/// </remarks>
public class StorageException : Exception
{
    /// <summary>Creates an exception with a code and a message.</summary>
    public StorageException(StorageErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an exception with a code, a message and the exception that caused it.</summary>
    public StorageException(StorageErrorCode code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>What kind of failure this is.</summary>
    public StorageErrorCode Code { get; }

    /// <inheritdoc/>
    public override string Message => $"{Code}: {base.Message}";
}
