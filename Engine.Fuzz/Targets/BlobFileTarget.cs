using Engine.Api.LocalFirst.Blobs.Files;
using Engine.Core.Storage;
using Engine.Fuzz.Driver;

using CorruptionException = Engine.Api.CorruptionException;

namespace Engine.Fuzz.Targets;

/// <summary>The blob file reader (<see cref="BlobFileReader"/>): header, footer and every segment of a blob file.</summary>
/// <remarks>
/// The input is a whole blob file. Opening it and reading every segment either throws <see cref="CorruptionException"/>
/// or returns exactly the footer's length in bytes. One thread at a time.
/// </remarks>
internal sealed class BlobFileTarget : IFuzzTarget
{
    private const string Path = "/blob";

    public string Name => "blob-file";

    public string Description => "Engine.Api.LocalFirst.Blobs.Files.BlobFileReader: header, footer, every segment";

    public void Run(ReadOnlySpan<byte> input)
    {
        MemFileSystem fs = new();
        using (IWritableFile file = fs.Create(Path))
        {
            file.Append(input);
        }

        try
        {
            using BlobFileReader reader = BlobFileReader.Open(fs, Path);
            byte[] segment = new byte[reader.SegmentSize + BlobFileFormat.SegmentChecksumSize];
            long total = 0;
            for (long i = 0; i < BlobFileFormat.SegmentCount(reader.Length, reader.SegmentSize); i++)
            {
                total += reader.ReadSegment(i, segment);
            }

            if (total != reader.Length)
            {
                throw new FuzzCheckException($"the segments hold {total} bytes, the footer says {reader.Length}");
            }
        }
        catch (CorruptionException)
        {
        }
    }

    public bool IsExpectedRejection(Exception exception) => false;

    public IEnumerable<byte[]> Seeds()
    {
        yield return Write([], 4096);
        yield return Write([.. Enumerable.Range(0, 5000).Select(i => (byte)i)], 4096);
        yield return Write([.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))], 4096);
    }

    private static byte[] Write(byte[] body, int segmentSize)
    {
        MemFileSystem fs = new();
        using (BlobFileWriter writer = new(fs.Create(Path), segmentSize))
        {
            writer.Write(body);
            writer.Complete(System.Security.Cryptography.SHA256.HashData(body));
        }

        using IReadableFile file = fs.OpenRead(Path);
        byte[] bytes = new byte[file.Length];
        file.Read(0, bytes);
        return bytes;
    }
}
