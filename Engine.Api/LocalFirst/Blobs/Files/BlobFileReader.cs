using System;
using System.Buffers.Binary;
using Engine.Core.Storage;

namespace Engine.Api.LocalFirst.Blobs.Files;

/// <summary>
/// Reads a blob file (<see cref="BlobFileFormat"/>) by segment: the header and footer are checked when it opens, each
/// segment's checksum when it is read, so a ranged read detects damage in the bytes it returns.
/// </summary>
/// <remarks>Safe for concurrent segment reads (positional reads share no cursor). Dispose closes the file.</remarks>
internal sealed class BlobFileReader : IDisposable
{
    private readonly IReadableFile _file;
    private readonly byte[] _sha256 = new byte[32];

    private BlobFileReader(IReadableFile file)
    {
        _file = file;
        long fileLength = file.Length;
        if (fileLength < BlobFileFormat.HeaderSize + BlobFileFormat.FooterSize)
        {
            throw new CorruptionException(file.Path, 0, $"a blob file of {fileLength} bytes is too short");
        }

        Span<byte> header = stackalloc byte[BlobFileFormat.HeaderSize];
        ReadExactly(0, header);
        SegmentSize = BlobFileFormat.ParseHeader(header, file.Path);
        Span<byte> footer = stackalloc byte[BlobFileFormat.FooterSize];
        ReadExactly(fileLength - BlobFileFormat.FooterSize, footer);
        Length = BlobFileFormat.ParseFooter(footer, file.Path, fileLength, SegmentSize, _sha256);
    }

    /// <summary>The path of the file.</summary>
    public string Path => _file.Path;

    /// <summary>The body's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The segment size in bytes.</summary>
    public int SegmentSize { get; }

    /// <summary>The SHA-256 the footer records.</summary>
    public ReadOnlySpan<byte> Sha256 => _sha256;

    /// <summary>Opens and checks the file at <paramref name="path"/>.</summary>
    /// <exception cref="CorruptionException">The header or footer is damaged.</exception>
    public static BlobFileReader Open(IFileSystem fs, string path)
    {
        IReadableFile file = fs.OpenRead(path);
        try
        {
            return new BlobFileReader(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The length of segment <paramref name="index"/>.</summary>
    public int SegmentLength(long index) => (int)Math.Min(SegmentSize, Length - (index * SegmentSize));

    /// <summary>
    /// Reads segment <paramref name="index"/> into <paramref name="destination"/> (at least <see cref="SegmentSize"/> + 4
    /// bytes) and checks it; returns the segment's data length.
    /// </summary>
    /// <exception cref="CorruptionException">The segment's checksum does not match.</exception>
    public int ReadSegment(long index, Span<byte> destination)
    {
        int length = SegmentLength(index);
        long offset = BlobFileFormat.SegmentOffset(index, SegmentSize);
        Span<byte> stored = destination[..(length + BlobFileFormat.SegmentChecksumSize)];
        ReadExactly(offset, stored);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(stored[length..]);
        if (expected != BlobFileFormat.SegmentChecksum(index, stored[..length]))
        {
            throw new CorruptionException(_file.Path, offset, $"blob file segment {index} checksum does not match");
        }

        return length;
    }

    public void Dispose() => _file.Dispose();

    private void ReadExactly(long offset, Span<byte> destination)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = _file.Read(offset + read, destination[read..]);
            if (n <= 0)
            {
                throw new CorruptionException(_file.Path, offset + read, "the blob file ends early");
            }

            read += n;
        }
    }
}
