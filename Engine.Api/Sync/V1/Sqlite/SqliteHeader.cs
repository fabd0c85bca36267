using System;
using System.Buffers.Binary;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>The fields of an SQLite database header (its first 100 bytes) that a read-only table scan needs.</summary>
/// <remarks>
/// <code>
/// offset size  field
///      0   16  "SQLite format 3\0"
///     16    2  page size, big-endian (1 means 65536; else a power of two from 512 to 32768)
///     18    1  file format write version (1 legacy, 2 WAL)
///     19    1  file format read version (1 legacy, 2 WAL; more than 2 cannot be read)
///     20    1  reserved bytes at the end of each page
///  21-23    3  payload fractions: 64, 32, 32
///     24    4  file change counter
///     28    4  database size in pages (valid when offset 92 equals offset 24 and it is not 0)
///     44    4  schema format (1 to 4)
///     56    4  text encoding (1 UTF-8, 2 UTF-16le, 3 UTF-16be; 0 before the first table exists)
///     92    4  version-valid-for: the change counter the size at 28 was written with
/// </code>
/// Integers are big-endian. In WAL mode the main file is complete once checkpointed, which a v1 file always is.
/// Immutable; thread-safe.
/// </remarks>
internal sealed class SqliteHeader
{
    /// <summary>The header's length, and the offset of page 1's b-tree header.</summary>
    public const int Length = 100;

    private const int MinUsableSize = 480;

    private SqliteHeader(int pageSize, int usableSize, uint pageCount)
    {
        PageSize = pageSize;
        UsableSize = usableSize;
        PageCount = pageCount;
    }

    /// <summary>The bytes in a page.</summary>
    public int PageSize { get; }

    /// <summary>The bytes of a page that hold b-tree content: the page size less the reserved bytes.</summary>
    public int UsableSize { get; }

    /// <summary>The number of pages; page numbers run from 1 to this.</summary>
    public uint PageCount { get; }

    /// <summary>The magic every SQLite database starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    /// <summary>Parses the header of the <paramref name="fileLength"/>-byte database at <paramref name="path"/>.</summary>
    /// <exception cref="V1FileException">NotSqlite, Truncated, CorruptDatabase or UnsupportedDatabase.</exception>
    public static SqliteHeader Parse(ReadOnlySpan<byte> header, long fileLength, string path)
    {
        if (!header.StartsWith(Magic))
        {
            string found = header.IsEmpty ? "the file is empty" : $"it starts with {Convert.ToHexString(header[..Math.Min(16, header.Length)])}";
            throw new V1FileException(V1FileProblem.NotSqlite, path, $"not an SQLite database: {found}");
        }

        if (header.Length < Length)
        {
            throw new V1FileException(V1FileProblem.Truncated, path, $"the file ends after {header.Length} bytes, inside the 100-byte database header");
        }

        int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        pageSize = pageSize == 1 ? 65536 : pageSize;
        if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            throw Corrupt(path, $"the page size {pageSize} is not a power of two from 512 to 65536");
        }

        if (header[19] > 2)
        {
            throw new V1FileException(V1FileProblem.UnsupportedDatabase, path, $"the file format read version is {header[19]}; this reader reads 1 and 2");
        }

        int usableSize = pageSize - header[20];
        if (usableSize < MinUsableSize)
        {
            throw Corrupt(path, $"{header[20]} reserved bytes leave {usableSize} usable bytes per page, under {MinUsableSize}");
        }

        if (header[21] != 64 || header[22] != 32 || header[23] != 32)
        {
            throw Corrupt(path, $"the payload fractions are {header[21]}/{header[22]}/{header[23]}, not 64/32/32");
        }

        uint schemaFormat = BinaryPrimitives.ReadUInt32BigEndian(header[44..]);
        if (schemaFormat > 4)
        {
            throw new V1FileException(V1FileProblem.UnsupportedDatabase, path, $"the schema format is {schemaFormat}; this reader reads 1 to 4");
        }

        uint encoding = BinaryPrimitives.ReadUInt32BigEndian(header[56..]);
        if (encoding > 1)
        {
            string name = encoding switch { 2 => "UTF-16le", 3 => "UTF-16be", _ => $"unknown ({encoding})" };
            throw new V1FileException(V1FileProblem.UnsupportedDatabase, path, $"the text encoding is {name}; this reader reads UTF-8");
        }

        uint pageCount = PageCountOf(header, pageSize, fileLength);
        if ((long)pageCount * pageSize > fileLength)
        {
            throw new V1FileException(V1FileProblem.Truncated, path, $"the header counts {pageCount} pages of {pageSize} bytes, but the file has {fileLength} bytes");
        }

        return new SqliteHeader(pageSize, usableSize, pageCount);
    }

    private static uint PageCountOf(ReadOnlySpan<byte> header, int pageSize, long fileLength)
    {
        uint inHeader = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        uint changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header[24..]);
        uint validFor = BinaryPrimitives.ReadUInt32BigEndian(header[92..]);

        // As SQLite: the stored size counts only when written by a version that keeps it (valid-for matches the counter).
        if (inHeader != 0 && validFor == changeCounter)
        {
            return inHeader;
        }

        return (uint)Math.Min(fileLength / pageSize, uint.MaxValue);
    }

    private static V1FileException Corrupt(string path, string detail) =>
        new(V1FileProblem.CorruptDatabase, path, $"database header: {detail}");
}
