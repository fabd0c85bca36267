using System;

namespace Engine.Core.Storage.Encryption;

/// <summary>Positional reads of an encrypted file's plaintext (<see cref="EncryptedFileReader"/> over the raw file).</summary>
/// <remarks>Safe for concurrent reads.</remarks>
internal sealed class EncryptedReadableFile : IReadableFile
{
    private readonly IReadableFile _inner;
    private readonly EncryptedFileReader _reader;

    private EncryptedReadableFile(IReadableFile inner, EncryptedFileReader reader)
    {
        _inner = inner;
        _reader = reader;
    }

    public string Path => _inner.Path;

    public long Length => _reader.Length;

    /// <summary>Opens the plaintext of <paramref name="inner"/>; takes ownership of it.</summary>
    public static EncryptedReadableFile Open(IReadableFile inner, IKeyring keyring)
    {
        try
        {
            return new EncryptedReadableFile(inner, EncryptedFileReader.Open(new ReadableCiphertextSource(inner), keyring, inner.Path));
        }
        catch
        {
            inner.Dispose();
            throw;
        }
    }

    public int Read(long offset, Span<byte> destination) => _reader.Read(offset, destination);

    public void Dispose()
    {
        _reader.Dispose();
        _inner.Dispose();
    }
}
