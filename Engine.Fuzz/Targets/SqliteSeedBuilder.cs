using System.Buffers.Binary;
using System.Text;
using Engine.Api.Sync.V1.Sqlite;

namespace Engine.Fuzz.Targets;

/// <summary>
/// Writes small, valid SQLite database files without SQLite, for seed corpora: 512-byte pages, page 1 the schema leaf,
/// each table a leaf or one interior page over leaves, payloads that do not fit spilling into overflow chains exactly as
/// SQLite splits them. The output is deterministic, so the checked-in corpus can be compared with it.
/// </summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SqliteSeedBuilder
{
    public const int PageSize = 512;

    /// <summary>One table: its name, its CREATE TABLE text and its rows (rowids 1, 2, ...), values null, long, double, string or byte[].</summary>
    public sealed record Table(string Name, string Sql, IReadOnlyList<object?[]> Rows);

    /// <summary>The database file holding <paramref name="tables"/>.</summary>
    public static byte[] Build(params Table[] tables)
    {
        List<byte[]> pages = [new byte[PageSize]];
        List<object?[]> schema = [];
        foreach (Table table in tables)
        {
            int root = WriteTree(pages, [.. table.Rows.Select((row, i) => Cell(pages, i + 1, Record(row)))]);
            schema.Add(["table", table.Name, table.Name, (long)root, table.Sql]);
        }

        List<byte[]> schemaCells = [.. schema.Select((row, i) => Cell(pages, i + 1, Record(row)).Bytes)];
        WriteLeaf(pages[0], SqliteHeaderLength, schemaCells);
        WriteHeader(pages[0], pages.Count);
        return [.. pages.SelectMany(p => p)];
    }

    private const int SqliteHeaderLength = 100;

    private static void WriteHeader(byte[] page, int pageCount)
    {
        "SQLite format 3\0"u8.CopyTo(page);
        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(16), PageSize);
        page[18] = 1;
        page[19] = 1;
        page[21] = 64;
        page[22] = 32;
        page[23] = 32;
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(24), 1);
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(28), (uint)pageCount);
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(40), 1);
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(44), 4);
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(56), 1);
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(92), 1);
        BinaryPrimitives.WriteUInt32BigEndian(page.AsSpan(96), 3_045_000);
    }

    /// <summary>Writes the table's leaves (and an interior root over them when there are several); returns the root.</summary>
    private static int WriteTree(List<byte[]> pages, List<(long RowId, byte[] Bytes)> cells)
    {
        int root = pages.Count + 1;
        pages.Add(new byte[PageSize]);
        List<List<byte[]>> leaves = [[]];
        List<long> lastRowIds = [0];
        int used = 8;
        foreach ((long rowId, byte[] bytes) in cells)
        {
            if (used + bytes.Length + 2 > PageSize)
            {
                leaves.Add([]);
                lastRowIds.Add(0);
                used = 8;
            }

            leaves[^1].Add(bytes);
            lastRowIds[^1] = rowId;
            used += bytes.Length + 2;
        }

        if (leaves.Count == 1)
        {
            WriteLeaf(pages[root - 1], 0, leaves[0]);
            return root;
        }

        List<byte[]> interior = [];
        int rightMost = 0;
        for (int i = 0; i < leaves.Count; i++)
        {
            int leaf = pages.Count + 1;
            pages.Add(new byte[PageSize]);
            WriteLeaf(pages[leaf - 1], 0, leaves[i]);
            if (i == leaves.Count - 1)
            {
                rightMost = leaf;
                break;
            }

            byte[] cell = new byte[4 + SqliteVarintLength(lastRowIds[i])];
            BinaryPrimitives.WriteInt32BigEndian(cell, leaf);
            WriteVarint(cell.AsSpan(4), (ulong)lastRowIds[i]);
            interior.Add(cell);
        }

        byte[] rootPage = pages[root - 1];
        WriteCells(rootPage, 0, 0x05, 12, interior);
        BinaryPrimitives.WriteInt32BigEndian(rootPage.AsSpan(8), rightMost);
        return root;
    }

    private static void WriteLeaf(byte[] page, int header, List<byte[]> cells) => WriteCells(page, header, 0x0D, 8, cells);

    private static void WriteCells(byte[] page, int header, byte type, int headerLength, List<byte[]> cells)
    {
        page[header] = type;
        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(header + 3), (ushort)cells.Count);
        int content = PageSize;
        for (int i = 0; i < cells.Count; i++)
        {
            content -= cells[i].Length;
            if (content < header + headerLength + (2 * cells.Count))
            {
                throw new InvalidOperationException("the cells do not fit in one page");
            }

            cells[i].CopyTo(page, content);
            BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(header + headerLength + (2 * i)), (ushort)content);
        }

        BinaryPrimitives.WriteUInt16BigEndian(page.AsSpan(header + 5), (ushort)content);
    }

    /// <summary>A leaf cell for <paramref name="payload"/>, spilling what does not stay local into new overflow pages.</summary>
    private static (long RowId, byte[] Bytes) Cell(List<byte[]> pages, long rowId, byte[] payload)
    {
        int local = TableBTree.LocalPayload(payload.Length, PageSize);
        int prefix = SqliteVarintLength(payload.Length) + SqliteVarintLength(rowId);
        bool overflows = local < payload.Length;
        byte[] cell = new byte[prefix + local + (overflows ? 4 : 0)];
        int at = WriteVarint(cell, (ulong)payload.Length);
        WriteVarint(cell.AsSpan(at), (ulong)rowId);
        payload.AsSpan(0, local).CopyTo(cell.AsSpan(prefix));
        if (overflows)
        {
            BinaryPrimitives.WriteInt32BigEndian(cell.AsSpan(prefix + local), pages.Count + 1);
            for (int done = local; done < payload.Length;)
            {
                byte[] page = new byte[PageSize];
                pages.Add(page);
                int n = Math.Min(PageSize - 4, payload.Length - done);
                payload.AsSpan(done, n).CopyTo(page.AsSpan(4));
                done += n;
                BinaryPrimitives.WriteInt32BigEndian(page, done < payload.Length ? pages.Count + 1 : 0);
            }
        }

        return (rowId, cell);
    }

    private static byte[] Record(object?[] values)
    {
        List<byte> header = [];
        List<byte> body = [];
        foreach (object? value in values)
        {
            (ulong serialType, byte[] content) = value switch
            {
                null => (0UL, []),
                0L => (8UL, []),
                1L => (9UL, []),
                long n when n is >= sbyte.MinValue and <= sbyte.MaxValue => (1UL, [(byte)n]),
                long n when n is >= short.MinValue and <= short.MaxValue => (2UL, BigEndian(n, 2)),
                long n when n is >= int.MinValue and <= int.MaxValue => (4UL, BigEndian(n, 4)),
                long n => (6UL, BigEndian(n, 8)),
                double d => (7UL, BigEndian(BitConverter.DoubleToInt64Bits(d), 8)),
                string s => ((ulong)(Encoding.UTF8.GetByteCount(s) * 2) + 13, Encoding.UTF8.GetBytes(s)),
                byte[] b => ((ulong)(b.Length * 2) + 12, b),
                _ => throw new ArgumentException($"no SQLite value for {value.GetType()}", nameof(values)),
            };
            byte[] varint = new byte[9];
            header.AddRange(varint.AsSpan(0, WriteVarint(varint, serialType)).ToArray());
            body.AddRange(content);
        }

        // The header size counts itself; one byte is enough below 128.
        int headerSize = header.Count + 1;
        if (headerSize > 127)
        {
            throw new ArgumentException("too many values for a one-byte record header", nameof(values));
        }

        return [(byte)headerSize, .. header, .. body];
    }

    private static byte[] BigEndian(long value, int width)
    {
        byte[] bytes = new byte[width];
        for (int i = width - 1; i >= 0; i--, value >>= 8)
        {
            bytes[i] = (byte)value;
        }

        return bytes;
    }

    private static int SqliteVarintLength(long value)
    {
        Span<byte> scratch = stackalloc byte[9];
        return WriteVarint(scratch, (ulong)value);
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        if (value > 0x00FFFFFFFFFFFFFF)
        {
            destination[8] = (byte)value;
            value >>= 8;
            for (int i = 7; i >= 0; i--, value >>= 7)
            {
                destination[i] = (byte)((value & 0x7F) | 0x80);
            }

            return 9;
        }

        Span<byte> reversed = stackalloc byte[9];
        int n = 0;
        do
        {
            // Gathered least significant group first; every group but that one carries the continuation bit.
            reversed[n] = (byte)((value & 0x7F) | (n == 0 ? 0UL : 0x80UL));
            n++;
            value >>= 7;
        }
        while (value != 0);

        for (int i = 0; i < n; i++)
        {
            destination[i] = reversed[n - 1 - i];
        }

        return n;
    }
}
