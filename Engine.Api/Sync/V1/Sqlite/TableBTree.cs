using System;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Generic;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// Walks a table b-tree in rowid order and yields each leaf cell's rowid and whole payload (local part and overflow
/// chain), checking every number it follows.
/// </summary>
/// <remarks>
/// <code>
/// page      := [100-byte database header, page 1 only] | b-tree header | cell pointers (u16 BE each) | ... | cells
/// header    := type (1: 0x05 interior, 0x0D leaf) | first freeblock (2) | cell count (2) | content start (2)
///              | fragmented bytes (1) | right-most child (4, interior only)
/// interior  := left child page (u32 BE) | rowid key (varint)
/// leaf      := payload size P (varint) | rowid (varint) | local payload | first overflow page (u32 BE, if P is not all local)
/// overflow  := next overflow page (u32 BE, 0 at the end) | U - 4 payload bytes
/// local part: X = U - 35, M = (U - 12) * 32 / 255 - 23, K = M + (P - M) % (U - 4);
///             all of P when P &lt;= X, else K when K &lt;= X, else M   (U = usable page size)
/// </code>
/// Every page of the walk, overflow pages included, may be reached once only, so a cycle or a page shared between two
/// places is reported instead of looping or repeating rows; the depth is bounded as in SQLite; rowids must increase.
/// A damaged tree is a <see cref="V1FileException"/> (CorruptDatabase) naming the page. Each scan is used by one
/// thread; scans may run in parallel over the same <see cref="PageSource"/>.
/// </remarks>
internal static class TableBTree
{
    /// <summary>The deepest tree SQLite builds or reads (BTCURSOR_MAX_DEPTH).</summary>
    public const int MaxDepth = 20;

    private const byte InteriorType = 0x05;
    private const byte LeafType = 0x0D;

    /// <summary>The rows of the tree rooted at <paramref name="root"/>; <paramref name="tree"/> names it in errors.</summary>
    public static IEnumerable<TableCell> Scan(PageSource pages, uint root, string tree)
    {
        BitArray visited = new(checked((int)pages.PageCount + 1));
        List<TreeLevel> path = [Open(pages, root, tree, visited)];
        long previous = 0;
        bool first = true;
        while (path.Count > 0)
        {
            TreeLevel level = path[^1];
            if (level.IsLeaf)
            {
                for (int i = 0; i < level.CellCount; i++)
                {
                    TableCell cell = ReadLeafCell(pages, level, i, tree, visited);
                    if (!first && cell.RowId <= previous)
                    {
                        throw Corrupt(pages, level.Number, $"rowid {cell.RowId} of {tree} follows rowid {previous}; rowids must increase");
                    }

                    first = false;
                    previous = cell.RowId;
                    yield return cell;
                }

                path.RemoveAt(path.Count - 1);
                continue;
            }

            if (level.Next > level.CellCount)
            {
                path.RemoveAt(path.Count - 1);
                continue;
            }

            uint child = level.Next < level.CellCount ? LeftChild(pages, level, level.Next) : level.RightMost;
            level.Next++;
            if (path.Count >= MaxDepth)
            {
                throw Corrupt(pages, level.Number, $"{tree} is more than {MaxDepth} levels deep");
            }

            if (child == 1)
            {
                throw Corrupt(pages, level.Number, $"a child pointer of {tree} refers to page 1, the schema's root");
            }

            path.Add(Open(pages, child, tree, visited));
        }
    }

    private static TreeLevel Open(PageSource pages, uint number, string tree, BitArray visited)
    {
        MarkVisited(pages, number, tree, visited);
        byte[] page = pages.Read(number, tree);
        int header = number == 1 ? SqliteHeader.Length : 0;
        byte type = page[header];
        if (type is not (InteriorType or LeafType))
        {
            throw Corrupt(pages, number, $"{tree} reaches a page of type 0x{type:X2}, not a table b-tree page (0x05 or 0x0D)");
        }

        bool leaf = type == LeafType;
        int cellCount = BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(header + 3));
        int pointers = header + (leaf ? 8 : 12);
        if (pointers + (2 * cellCount) > pages.UsableSize)
        {
            throw Corrupt(pages, number, $"{cellCount} cell pointers do not fit in the page");
        }

        uint rightMost = leaf ? 0 : BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(header + 8));
        return new TreeLevel(page, number, leaf, cellCount, pointers, rightMost);
    }

    private static void MarkVisited(PageSource pages, uint number, string tree, BitArray visited)
    {
        if (number == 0 || number > pages.PageCount)
        {
            throw new V1FileException(V1FileProblem.CorruptDatabase, pages.Path, $"{tree} refers to page {number}, outside 1..{pages.PageCount}");
        }

        if (visited[(int)number])
        {
            throw new V1FileException(V1FileProblem.CorruptDatabase, pages.Path, $"page {number}: {tree} reaches it twice (a loop or a shared page)");
        }

        visited[(int)number] = true;
    }

    /// <summary>The offset of cell <paramref name="index"/>, checked to lie in the cell content area.</summary>
    private static int CellOffset(PageSource pages, TreeLevel level, int index, int minimumCellBytes)
    {
        int offset = BinaryPrimitives.ReadUInt16BigEndian(level.Page.AsSpan(level.Pointers + (2 * index)));
        if (offset < level.Pointers + (2 * level.CellCount) || offset > pages.UsableSize - minimumCellBytes)
        {
            throw Corrupt(pages, level.Number, $"cell {index} is at offset {offset}, outside the cell content area");
        }

        return offset;
    }

    private static uint LeftChild(PageSource pages, TreeLevel level, int index) =>
        BinaryPrimitives.ReadUInt32BigEndian(level.Page.AsSpan(CellOffset(pages, level, index, sizeof(uint) + 1)));

    private static TableCell ReadLeafCell(PageSource pages, TreeLevel level, int index, string tree, BitArray visited)
    {
        int usable = pages.UsableSize;
        int at = CellOffset(pages, level, index, 2);
        ReadOnlySpan<byte> cell = level.Page.AsSpan(at, usable - at);
        if (!SqliteVarint.TryRead(cell, out ulong payloadSize, out int sizeLength)
            || !SqliteVarint.TryRead(cell[sizeLength..], out ulong rowId, out int rowIdLength))
        {
            throw Corrupt(pages, level.Number, $"cell {index} runs past the end of the page");
        }

        // No payload is larger than every page of the file: the bound keeps a damaged size from allocating gigabytes.
        if (payloadSize > (ulong)pages.PageCount * (ulong)usable || payloadSize > int.MaxValue)
        {
            throw Corrupt(pages, level.Number, $"cell {index} claims a {payloadSize}-byte payload, more than the file holds");
        }

        int size = (int)payloadSize;
        int local = LocalPayload(size, usable);
        int start = sizeLength + rowIdLength;
        bool overflows = local < size;
        if (start + local + (overflows ? sizeof(uint) : 0) > cell.Length)
        {
            throw Corrupt(pages, level.Number, $"cell {index}'s {local}-byte local payload runs past the end of the page");
        }

        byte[] payload = new byte[size];
        cell.Slice(start, local).CopyTo(payload);
        if (overflows)
        {
            uint next = BinaryPrimitives.ReadUInt32BigEndian(cell[(start + local)..]);
            ReadOverflow(pages, payload, local, next, level.Number, index, tree, visited);
        }

        return new TableCell((long)rowId, payload, level.Number);
    }

    private static void ReadOverflow(PageSource pages, byte[] payload, int filled, uint next, uint leaf, int index, string tree, BitArray visited)
    {
        int chunk = pages.UsableSize - sizeof(uint);
        string what = $"the overflow chain of cell {index} on page {leaf} of {tree}";
        while (filled < payload.Length)
        {
            if (next == 0)
            {
                throw Corrupt(pages, leaf, $"{what} ends after {filled} of {payload.Length} payload bytes");
            }

            MarkVisited(pages, next, what, visited);
            byte[] page = pages.Read(next, what);
            int n = Math.Min(chunk, payload.Length - filled);
            page.AsSpan(sizeof(uint), n).CopyTo(payload.AsSpan(filled));
            filled += n;
            uint current = next;
            next = BinaryPrimitives.ReadUInt32BigEndian(page);
            if (filled == payload.Length && next != 0)
            {
                throw Corrupt(pages, current, $"{what} continues to page {next} past the end of its payload");
            }
        }
    }

    /// <summary>How much of a <paramref name="payloadSize"/>-byte table-leaf payload is stored in the cell itself.</summary>
    internal static int LocalPayload(int payloadSize, int usable)
    {
        int maxLocal = usable - 35;
        if (payloadSize <= maxLocal)
        {
            return payloadSize;
        }

        int minLocal = ((usable - 12) * 32 / 255) - 23;
        int k = minLocal + ((payloadSize - minLocal) % (usable - 4));
        return k <= maxLocal ? k : minLocal;
    }

    private static V1FileException Corrupt(PageSource pages, uint page, string detail) =>
        new(V1FileProblem.CorruptDatabase, pages.Path, $"page {page}: {detail}");

    /// <summary>One page on the path from the root to the current leaf.</summary>
    private sealed class TreeLevel(byte[] page, uint number, bool isLeaf, int cellCount, int pointers, uint rightMost)
    {
        public byte[] Page { get; } = page;

        public uint Number { get; } = number;

        public bool IsLeaf { get; } = isLeaf;

        public int CellCount { get; } = cellCount;

        /// <summary>The offset of the cell pointer array.</summary>
        public int Pointers { get; } = pointers;

        public uint RightMost { get; } = rightMost;

        /// <summary>The next child to descend into: a cell's left child, then (at <see cref="CellCount"/>) the right-most.</summary>
        public int Next { get; set; }
    }
}
