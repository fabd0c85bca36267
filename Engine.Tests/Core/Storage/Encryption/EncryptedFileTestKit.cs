using Engine.Core.Storage;
using Engine.Core.Storage.Encryption;

namespace Engine.Tests.Core.Storage.Encryption;

/// <summary>Helpers shared by the encryption tests: a raw memory file system, its encrypted layer, and plaintext helpers.</summary>
internal sealed class EncryptedFileTestKit
{
    public const string Dir = "/enc";

    public EncryptedFileTestKit(IKeyring? keyring = null)
    {
        Raw = new MemFileSystem();
        Raw.CreateDirectory(Dir);
        Keyring = keyring ?? StaticKeyring.ForTests();
        Fs = new EncryptedFileSystem(Raw, Keyring);
    }

    public MemFileSystem Raw { get; }

    public IKeyring Keyring { get; }

    public EncryptedFileSystem Fs { get; }

    public static string At(string name) => Path.Combine(Dir, name);

    public static byte[] Bytes(int count, int seed)
    {
        byte[] data = new byte[count];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static byte[] ReadAll(IFileSystem fs, string path)
    {
        using IReadableFile file = fs.OpenRead(path);
        byte[] buffer = new byte[file.Length];
        Assert.Equal(buffer.Length, file.Read(0, buffer));
        return buffer;
    }

    /// <summary>Writes <paramref name="data"/> in appends of <paramref name="chunk"/> bytes, then syncs.</summary>
    public void Write(string path, byte[] data, int chunk = int.MaxValue, bool flushEach = false)
    {
        using IWritableFile file = Fs.Create(path);
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            file.Append(data.AsSpan(offset, Math.Min(chunk, data.Length - offset)));
            if (flushEach)
            {
                file.Flush();
            }
        }

        file.Sync();
    }

    /// <summary>The frame map of a file, scanned or computed as a reader builds it.</summary>
    public FrameMap MapOf(string path)
    {
        using IReadableFile raw = Raw.OpenRead(path);
        using EncryptedFileReader reader = EncryptedFileReader.Open(new ReadableCiphertextSource(raw), Keyring, path);
        return reader.Map;
    }
}
