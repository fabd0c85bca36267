// Declared in Engine.Api although the file lives in Engine.Core/Errors, a deliberate exception to folder = namespace:
// Core and Lsm throw these types, so they are defined at the bottom of the reference chain, while a user of the
// store finds them with the one `using Engine.Api;` that the rest of the public surface needs.
namespace Engine.Api;

/// <summary>A file or directory was written by a newer format version than this engine reads. Nothing was changed.</summary>
public sealed class UnsupportedFormatVersionException : StorageException
{
    /// <summary>Creates the exception for <paramref name="path"/>, written at <paramref name="foundVersion"/>.</summary>
    public UnsupportedFormatVersionException(string path, long foundVersion, long supportedVersion)
        : base(StorageErrorCode.FailedPrecondition, $"'{path}' has format version {foundVersion}; this engine reads up to version {supportedVersion}")
    {
        Path = path;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The file or directory with the newer format.</summary>
    public string Path { get; }

    /// <summary>The version it was written with.</summary>
    public long FoundVersion { get; }

    /// <summary>The newest version this engine reads.</summary>
    public long SupportedVersion { get; }
}
