using System;
using System.Buffers.Binary;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>Decodes SQLite's record format: the values of one row.</summary>
/// <remarks>
/// <code>
/// record := header size H (varint, counting itself) | serial type (varint) per value | values, in order
/// serial type: 0 NULL | 1..6 big-endian two's-complement integer of 1, 2, 3, 4, 6, 8 bytes | 7 big-endian double
///              | 8 the integer 0 | 9 the integer 1 | 10, 11 reserved | N &gt;= 12 even: blob of (N - 12) / 2 bytes
///              | N &gt;= 13 odd: text of (N - 13) / 2 bytes
/// </code>
/// Text and blob values are slices of the payload (nothing is copied). Stateless; thread-safe.
/// </remarks>
internal static class SqliteRecord
{
    /// <summary>
    /// Decodes <paramref name="cell"/>'s record into the first values of <paramref name="values"/> and returns how many
    /// it holds; <paramref name="tree"/> names the table in errors.
    /// </summary>
    /// <exception cref="V1FileException">CorruptDatabase: the record is malformed or has more values than <paramref name="values"/> has room for.</exception>
    public static int Decode(TableCell cell, Span<SqliteValue> values, string path, string tree)
    {
        byte[] payload = cell.Payload;
        if (!SqliteVarint.TryRead(payload, out ulong headerSize, out int at) || headerSize < (ulong)at || headerSize > (ulong)payload.Length)
        {
            throw Corrupt(cell, path, tree, $"the record header size does not fit the {payload.Length}-byte record");
        }

        int headerEnd = (int)headerSize;
        int body = headerEnd;
        int count = 0;
        while (at < headerEnd)
        {
            if (!SqliteVarint.TryRead(payload.AsSpan(at, headerEnd - at), out ulong serialType, out int length))
            {
                throw Corrupt(cell, path, tree, "a serial type runs past the record header");
            }

            at += length;
            if (count == values.Length)
            {
                throw Corrupt(cell, path, tree, $"the record has more values than the table's {values.Length} columns");
            }

            ulong size = ContentSize(serialType, cell, path, tree);
            if (size > (ulong)(payload.Length - body))
            {
                throw Corrupt(cell, path, tree, $"value {count} ({size} bytes) runs past the end of the {payload.Length}-byte record");
            }

            values[count++] = Value(serialType, payload, body, (int)size);
            body += (int)size;
        }

        return count;
    }

    private static ulong ContentSize(ulong serialType, TableCell cell, string path, string tree) => serialType switch
    {
        0 or 8 or 9 => 0,
        1 or 2 or 3 or 4 => serialType,
        5 => 6,
        6 or 7 => 8,
        10 or 11 => throw Corrupt(cell, path, tree, $"the record uses the reserved serial type {serialType}"),
        _ => (serialType - 12) / 2,
    };

    private static SqliteValue Value(ulong serialType, byte[] payload, int at, int size)
    {
        ReadOnlySpan<byte> bytes = payload.AsSpan(at, size);
        switch (serialType)
        {
            case 0:
                return SqliteValue.Null;
            case 7:
                return SqliteValue.FromReal(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(bytes)));
            case 8:
                return SqliteValue.FromInteger(0);
            case 9:
                return SqliteValue.FromInteger(1);
            case <= 6:
                // Sign-extend from the first byte, then shift in the rest: big-endian two's complement of any width.
                long value = (sbyte)bytes[0];
                for (int i = 1; i < bytes.Length; i++)
                {
                    value = (value << 8) | bytes[i];
                }

                return SqliteValue.FromInteger(value);
            default:
                ReadOnlyMemory<byte> content = payload.AsMemory(at, size);
                return (serialType & 1) == 0 ? SqliteValue.FromBlob(content) : SqliteValue.FromText(content);
        }
    }

    private static V1FileException Corrupt(TableCell cell, string path, string tree, string detail) =>
        new(V1FileProblem.CorruptDatabase, path, $"page {cell.Page}: {tree} row {cell.RowId}: {detail}");
}
