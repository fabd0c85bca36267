using Engine.Api;
using Engine.Api.Encryption;
using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;

namespace Engine.Tests.Api.Encryption;

/// <summary>Shared pieces of the encrypted store tests: keys, options that make many files, and raw file listings.</summary>
internal static class EncryptedStoreTestKit
{
    public const string Root = "/store";

    public static byte[] Key(byte seed)
    {
        byte[] key = new byte[InMemoryKeyProvider.KeySizeBytes];
        for (int i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed ^ (i * 7));
        }

        return key;
    }

    public static InMemoryKeyProvider Provider(byte seed = 1, uint keyId = 1) => new(keyId, Key(seed));

    /// <summary>Small buffers and tables, so a few hundred writes make WALs, several tables and compactions.</summary>
    public static DatabaseOptions Options(IKeyProvider? keys) => new()
    {
        Encryption = keys is null ? null : new EncryptionOptions(keys),
        WriteBufferSizeBytes = 64 * 1024,
        TargetFileSizeBytes = 32 * 1024,
        BlockSizeBytes = 1024,
    };

    public static byte[] KeyOf(int i) => System.Text.Encoding.ASCII.GetBytes($"secret-key-{i:D6}");

    public static byte[] ValueOf(int i, int round = 0) => System.Text.Encoding.ASCII.GetBytes($"plaintext-value-{i:D6}-r{round}-{new string('v', i % 50)}");

    /// <summary>Every file under <paramref name="directory"/> of <paramref name="fs"/>, recursively one level (db/, blobs/).</summary>
    public static IEnumerable<string> Files(MemFileSystem fs, string directory)
    {
        foreach (string name in fs.List(directory))
        {
            yield return Path.Combine(directory, name);
        }

        foreach (string sub in new[] { "db", "blobs" })
        {
            string path = Path.Combine(directory, sub);
            if (fs.DirectoryExists(path))
            {
                foreach (string name in fs.List(path))
                {
                    yield return Path.Combine(path, name);
                }
            }
        }
    }

    /// <summary>The key id in the header of each file but the lock file.</summary>
    public static Dictionary<string, uint?> KeyIds(MemFileSystem fs, string directory) =>
        Files(fs, directory).Where(f => Path.GetFileName(f) != "LOCK").ToDictionary(f => f, f => EncryptedFileSystem.ReadKeyId(fs, f));
}
