using System;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// One stored document a query reads (its key and stored bytes), in buffers reused from document to document, so a
/// document the filter rejects or the sort passes over costs no allocation. Valid until the next document is loaded;
/// one thread.
/// </summary>
internal sealed class DocumentBuffer
{
    private byte[] _key = new byte[128];
    private byte[] _stored = new byte[512];
    private int _keyLength;
    private int _storedLength;

    /// <summary>The document key.</summary>
    public ReadOnlySpan<byte> Key => _key.AsSpan(0, _keyLength);

    /// <summary>The stored bytes (version byte, then the MessagePack body).</summary>
    public ReadOnlyMemory<byte> Stored => _stored.AsMemory(0, _storedLength);

    /// <summary>Loads a document: copies its key and stored bytes.</summary>
    public void Load(ReadOnlySpan<byte> key, ReadOnlySpan<byte> stored)
    {
        _keyLength = Copy(key, ref _key);
        _storedLength = Copy(stored, ref _stored);
    }

    private static int Copy(ReadOnlySpan<byte> source, ref byte[] buffer)
    {
        if (source.Length > buffer.Length)
        {
            buffer = new byte[Math.Max(source.Length, buffer.Length * 2)];
        }

        source.CopyTo(buffer);
        return source.Length;
    }
}
