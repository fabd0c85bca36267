using System;
using System.IO;
using Engine.Api.Sync;

namespace Engine.Cli.Store;

/// <summary>
/// An open store and what it came from. Disposing closes the store (saving a modified packed artifact when the command
/// writes) and removes the scratch directory a v1 file was imported into.
/// </summary>
internal sealed class StoreHandle : IDisposable
{
    private readonly string? _scratchDirectory;
    private readonly bool _saveOnClose;

    public StoreHandle(SyncStore store, string path, StoreKind kind, bool saveOnClose, string? scratchDirectory = null)
    {
        Store = store;
        Path = path;
        Kind = kind;
        _saveOnClose = saveOnClose;
        _scratchDirectory = scratchDirectory;
    }

    public SyncStore Store { get; }

    /// <summary>The path the user named.</summary>
    public string Path { get; }

    public StoreKind Kind { get; }

    public void Dispose()
    {
        try
        {
            if (_saveOnClose)
            {
                Store.Close();
            }
            else
            {
                Store.Dispose();
            }
        }
        finally
        {
            if (_scratchDirectory is not null && Directory.Exists(_scratchDirectory))
            {
                Directory.Delete(_scratchDirectory, recursive: true);
            }
        }
    }
}
