using System;
using Engine.Core.Storage;
using Engine.Lsm.Manifest;
using Engine.Lsm.Sst;

namespace Engine.Lsm.Verify;

/// <summary>
/// A forward cursor over the point entries of a run of tables: one L0 table, or the key-ordered tables of a deeper
/// level, opened one at a time straight from the file system.
/// </summary>
/// <remarks>
/// Holds at most one mapping open, so a merge over every run stays within a few mappings however many tables a level
/// has. The caller keeps the tables alive (a pinned version). Keys are valid until the next move. One thread.
/// </remarks>
internal sealed class TableRun : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly FileMetadata[] _files;
    private int _index = -1;
    private SstReader? _reader;
    private SstIterator? _iterator;

    public TableRun(IFileSystem fs, string directory, int level, FileMetadata[] files)
    {
        _fs = fs;
        _directory = directory;
        Level = level;
        _files = files;
    }

    /// <summary>The level of the run's tables.</summary>
    public int Level { get; }

    /// <summary>True when positioned on an entry.</summary>
    public bool Valid => _iterator is not null && _iterator.Valid;

    /// <summary>The current internal key. Only when <see cref="Valid"/>.</summary>
    public ReadOnlySpan<byte> Key => _iterator!.Key;

    /// <summary>The table holding the current entry. Only when <see cref="Valid"/>.</summary>
    public FileMetadata Current => _files[_index];

    /// <summary>The path of <paramref name="file"/> in the store directory.</summary>
    public string PathOf(FileMetadata file) => FileNames.Table(_directory, file.Number);

    /// <summary>Moves to the first entry of the first table that has one.</summary>
    public void First()
    {
        _index = -1;
        OpenNext();
    }

    /// <summary>Moves to the next entry, into the next table when this one is done.</summary>
    public void Next()
    {
        _iterator!.Next();
        if (!_iterator.Valid)
        {
            OpenNext();
        }
    }

    public void Dispose() => CloseCurrent();

    private void OpenNext()
    {
        CloseCurrent();
        while (++_index < _files.Length)
        {
            _reader = SstReader.Open(_fs.OpenMapped(PathOf(_files[_index])));
            _iterator = _reader.NewIterator();
            _iterator.First();
            if (_iterator.Valid)
            {
                return;
            }

            CloseCurrent();
        }
    }

    private void CloseCurrent()
    {
        _iterator?.Dispose();
        _reader?.Dispose();
        _iterator = null;
        _reader = null;
    }
}
