using System.Buffers.Binary;
using Engine.Core.Compression;
using Engine.Core.Hashing;
using Engine.Lsm.Sst;

namespace Engine.Fuzz.Targets;

/// <summary>
/// Recomputes the checksums of a mutated table so that the fuzzer's edits are judged by the decoders behind the
/// checksums: every block the footer, the metaindex and the index point to gets a fresh trailer CRC (its type byte
/// kept), and the footer a fresh CRC.
/// </summary>
/// <remarks>
/// It walks the metaindex and index with the engine's own block reader and ignores whatever that throws: the real
/// open that follows meets the same bytes and reports them. Stateless; thread-safe.
/// </remarks>
internal static class SstResealer
{
    private const int FooterChecksummedLength = 36;

    public static void Reseal(byte[] table)
    {
        if (table.Length < Footer.Size)
        {
            return;
        }

        int footerOffset = table.Length - Footer.Size;
        Span<byte> footer = table.AsSpan(footerOffset, Footer.Size);
        if (ResealBlock(table, BinaryPrimitives.ReadUInt64LittleEndian(footer), BinaryPrimitives.ReadUInt64LittleEndian(footer[8..]), footerOffset, out BlockHandle meta))
        {
            ResealChildren(table, meta, BlockKeyOrder.Bytewise, footerOffset);
        }

        if (ResealBlock(table, BinaryPrimitives.ReadUInt64LittleEndian(footer[16..]), BinaryPrimitives.ReadUInt64LittleEndian(footer[24..]), footerOffset, out BlockHandle index))
        {
            ResealChildren(table, index, BlockKeyOrder.Internal, footerOffset);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(footer[FooterChecksummedLength..], Crc32C.Mask(Crc32C.Compute(footer[..FooterChecksummedLength])));
    }

    private static bool ResealBlock(byte[] table, ulong offset, ulong size, int limit, out BlockHandle handle)
    {
        handle = default;
        if (offset > (ulong)limit || size > (ulong)limit || offset + size + BlockTrailer.Size > (ulong)limit)
        {
            return false;
        }

        handle = new BlockHandle((long)offset, (int)size);
        int trailer = (int)(offset + size);
        BlockTrailer.Write(table.AsSpan((int)offset, (int)size), (CompressionType)table[trailer], table.AsSpan(trailer, BlockTrailer.Size));
        return true;
    }

    /// <summary>Reseals the blocks whose handles are the values of <paramref name="parent"/>'s entries.</summary>
    private static void ResealChildren(byte[] table, BlockHandle parent, BlockKeyOrder order, int limit)
    {
        try
        {
            BlockReader reader = new(table.AsSpan((int)parent.Offset, parent.Size), order, "<reseal>", parent.Offset);
            BlockCursor cursor = default;
            int entries = 0;
            for (cursor.First(reader); cursor.Valid && entries < table.Length; cursor.Next(reader))
            {
                entries++;
                if (BlockHandle.TryDecode(cursor.Value(reader), out BlockHandle child, out _))
                {
                    ResealBlock(table, (ulong)child.Offset, (ulong)child.Size, limit, out _);
                }
            }
        }
#pragma warning disable CA1031 // The open that follows meets the same bytes and reports what they are.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
