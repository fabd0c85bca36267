using System.Buffers.Binary;
using Engine.Core.Hashing;
using Engine.Fuzz.Driver;
using Engine.Lsm.Sst;

using CorruptionException = Engine.Api.CorruptionException;
using StorageErrorCode = Engine.Api.StorageErrorCode;
using StorageException = Engine.Api.StorageException;

namespace Engine.Fuzz.Targets;

/// <summary>The table footer decoder (<see cref="Footer.Decode"/>): magic, checksum, format version and both handles.</summary>
/// <remarks>
/// <code>
/// input := | flags (1 B) | footer offset (u32 LE) | footer bytes |
/// flags bit 0: recompute the footer checksum first, so edits reach the version and handle checks
/// </code>
/// A footer that decodes must name handles that end before its offset, carry a version from 1 to
/// <see cref="Footer.CurrentFormatVersion"/>, and encode back to exactly its bytes (every byte of a footer is checked,
/// so nothing may be ignored). Rejection is <see cref="CorruptionException"/>, or
/// <see cref="StorageErrorCode.FailedPrecondition"/> for a newer format version. Stateless; one thread at a time.
/// </remarks>
internal sealed class FooterTarget : IFuzzTarget
{
    private const int HeaderSize = 1 + sizeof(uint);
    private const int ChecksummedLength = 36;

    public string Name => "footer";

    public string Description => "Engine.Lsm.Sst.Footer.Decode: magic, checksum, version, handles; re-encodes to its bytes";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < HeaderSize)
        {
            return;
        }

        long footerOffset = BinaryPrimitives.ReadUInt32LittleEndian(input[1..]);
        byte[] bytes = input[HeaderSize..].ToArray();
        if ((input[0] & 1) != 0 && bytes.Length >= ChecksummedLength + sizeof(uint))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ChecksummedLength), Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(0, ChecksummedLength))));
        }

        Footer footer = Footer.Decode(bytes, "<footer>", footerOffset);
        if (!footer.MetaIndexHandle.FitsBefore(footerOffset) || !footer.IndexHandle.FitsBefore(footerOffset)
            || footer.FormatVersion is 0 or > Footer.CurrentFormatVersion)
        {
            throw new FuzzCheckException($"accepted footer {footer} at offset {footerOffset} names blocks past it or an unknown version");
        }

        byte[] again = new byte[Footer.Size];
        footer.EncodeTo(again);
        if (!again.AsSpan().SequenceEqual(bytes))
        {
            throw new FuzzCheckException("an accepted footer does not encode back to its bytes");
        }
    }

    public bool IsExpectedRejection(Exception exception) =>
        exception is CorruptionException
        || (exception is StorageException { Code: StorageErrorCode.FailedPrecondition } e && e.Message.Contains("format version", StringComparison.Ordinal));

    public IEnumerable<byte[]> Seeds()
    {
        foreach ((int entries, SstWriterOptions options, bool tombstones) in SeedTables.Shapes)
        {
            byte[] table = SeedTables.Build(entries, options, tombstones);
            yield return Seed(0, table.Length - Footer.Size, table.AsSpan(table.Length - Footer.Size));
        }

        BlockHandle meta = new(100, 40);
        BlockHandle index = new(145, 60);
        yield return Seed(1, 210, Encode(new Footer(meta, index, Footer.CurrentFormatVersion)));
        yield return Seed(1, 210, Encode(new Footer(meta, index, Footer.CurrentFormatVersion + 1)));
        yield return Seed(1, 210, Encode(new Footer(meta, index, 0)));
        yield return Seed(1, 200, Encode(new Footer(meta, index, Footer.CurrentFormatVersion)));
    }

    private static byte[] Encode(Footer footer)
    {
        byte[] bytes = new byte[Footer.Size];
        footer.EncodeTo(bytes);
        return bytes;
    }

    private static byte[] Seed(byte flags, long footerOffset, ReadOnlySpan<byte> footer)
    {
        byte[] seed = new byte[HeaderSize + footer.Length];
        seed[0] = flags;
        BinaryPrimitives.WriteUInt32LittleEndian(seed.AsSpan(1), (uint)footerOffset);
        footer.CopyTo(seed.AsSpan(HeaderSize));
        return seed;
    }
}
