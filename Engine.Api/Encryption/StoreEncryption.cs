using System.IO;
using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;

namespace Engine.Api.Encryption;

/// <summary>Puts the encryption layer over a store's file system, after checking that the store agrees.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class StoreEncryption
{
    /// <summary>The name of the file every engine directory has once created, and which is read first at open.</summary>
    private const string CurrentFileName = "CURRENT";

    /// <summary>
    /// Returns <paramref name="fs"/> for a plain store, or the encryption layer over it. A store whose files are
    /// encrypted refuses to open without encryption, and a plain store with it: a clear error instead of a
    /// decryption or corruption failure deep in recovery. A directory without a store takes either.
    /// </summary>
    /// <exception cref="StorageException">The store and the options disagree (FailedPrecondition), or AES-GCM is not supported here.</exception>
    public static IFileSystem Wrap(IFileSystem fs, string engineDirectory, EncryptionOptions? encryption)
    {
        string current = Path.Combine(engineDirectory, CurrentFileName);
        if (fs.Exists(current) && fs.GetLength(current) > 0)
        {
            bool encrypted = EncryptedFileSystem.HasEncryptedHeader(fs, current);
            if (encrypted && encryption is null)
            {
                throw new StorageException(
                    StorageErrorCode.FailedPrecondition,
                    $"The store at '{engineDirectory}' is encrypted; open it with encryption options and its key provider.");
            }

            if (!encrypted && encryption is not null)
            {
                throw new StorageException(
                    StorageErrorCode.FailedPrecondition,
                    $"The store at '{engineDirectory}' is not encrypted; open it without encryption options (an existing plain store cannot be switched to encryption in place: copy it into a new encrypted store).");
            }
        }

        return encryption is null ? fs : new EncryptedFileSystem(fs, new KeyProviderKeyring(encryption.Keys));
    }
}
