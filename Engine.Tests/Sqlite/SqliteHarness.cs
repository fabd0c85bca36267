using Engine.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Engine.Tests.Sqlite;

/// <summary>A scratch directory and a controllable clock for SQLite stores; removes the directory when disposed.</summary>
internal sealed class SqliteHarness : IDisposable
{
    public SqliteHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), "engine-sqlite-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>A clock starting at a fixed instant (zone UTC), so stamps are reproducible.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "store.db");

    public SqliteSyncStoreOptions Options(bool readOnly = false) => new() { TimeProvider = Clock, ReadOnly = readOnly, TempDirectory = Directory };

    /// <summary>Opens (or creates) the plain database of the harness.</summary>
    public SqliteSyncStore Open(bool readOnly = false) => SqliteSyncStore.OpenDatabase(DatabasePath, Options(readOnly));

    /// <summary>A path in the scratch directory.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
