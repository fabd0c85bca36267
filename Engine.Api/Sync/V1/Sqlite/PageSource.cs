using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Engine.Api.Sync.V1.Sqlite;

/// <summary>
/// The pages of an SQLite database file, read with positional reads through a small direct-mapped cache, so memory
/// stays bounded whatever the file's size.
/// </summary>
/// <remarks>
/// A cached page array is never overwritten: a miss reads into a new array and the cache drops its reference to the
/// old one, so a caller may keep using a page it was given while reading others. Thread-safe: the cache is guarded by a
/// lock and positional reads do not share a file position.
/// </remarks>
internal sealed class PageSource : IDisposable
{
    /// <summary>Cache slots: the levels of a scan's path plus room for the pages it revisits.</summary>
    private const int CacheSlots = 32;

    private readonly SafeFileHandle _handle;
    private readonly SqliteHeader _header;
    private readonly object _gate = new();

    /// <summary>Slot <c>n % CacheSlots</c> holds page n when <see cref="_cachedPages"/> says so; guarded by <see cref="_gate"/>.</summary>
    private readonly byte[]?[] _cache = new byte[CacheSlots][];
    private readonly uint[] _cachedPages = new uint[CacheSlots];

    public PageSource(SafeFileHandle handle, SqliteHeader header, string path)
    {
        _handle = handle;
        _header = header;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The bytes of a page that hold b-tree content.</summary>
    public int UsableSize => _header.UsableSize;

    /// <summary>The number of pages.</summary>
    public uint PageCount => _header.PageCount;

    /// <summary>Page <paramref name="page"/>, whole; <paramref name="what"/> says what refers to it, for the error.</summary>
    /// <exception cref="V1FileException">CorruptDatabase: the page number is out of range. Truncated: the file ends inside it.</exception>
    public byte[] Read(uint page, string what)
    {
        if (page == 0 || page > _header.PageCount)
        {
            throw new V1FileException(V1FileProblem.CorruptDatabase, Path, $"{what} refers to page {page}, outside 1..{_header.PageCount}");
        }

        int slot = (int)(page % CacheSlots);
        lock (_gate)
        {
            if (_cachedPages[slot] == page && _cache[slot] is byte[] cached)
            {
                return cached;
            }
        }

        byte[] bytes = new byte[_header.PageSize];
        long offset = (long)(page - 1) * _header.PageSize;
        int read = 0;
        while (read < bytes.Length)
        {
            int n = RandomAccess.Read(_handle, bytes.AsSpan(read), offset + read);
            if (n == 0)
            {
                throw new V1FileException(V1FileProblem.Truncated, Path, $"the file ends at offset {offset + read}, inside page {page}");
            }

            read += n;
        }

        lock (_gate)
        {
            _cache[slot] = bytes;
            _cachedPages[slot] = page;
        }

        return bytes;
    }

    public void Dispose() => _handle.Dispose();
}
