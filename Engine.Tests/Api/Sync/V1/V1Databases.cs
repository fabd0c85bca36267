using Engine.Api.Sync.V1;
using Engine.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>
/// The fixtures' SQLite databases for tests: decoded into a test directory, edited with Microsoft.Data.Sqlite, and
/// packed again as v1 files.
/// </summary>
internal static class V1Databases
{
    /// <summary>Decodes fixture <paramref name="fixture"/> into <paramref name="directory"/>; returns the database's path.</summary>
    public static string Decode(string fixture, TempDirectory directory)
    {
        string path = directory.Combine(Path.GetFileNameWithoutExtension(fixture) + ".db");
        V1Container.DecompressFile(SharedFixtures.C1z(fixture), path, V1DecoderLimits.Default);
        return path;
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="database"/> (edits a decoded fixture).</summary>
    public static void Execute(string database, string sql)
    {
        using SqliteConnection connection = SqliteOracle.Connect(database);
        SqliteOracle.Execute(connection, sql);
    }

    /// <summary>Packs <paramref name="database"/> as the v1 file <paramref name="c1zPath"/>; returns its path.</summary>
    public static string Pack(string database, string c1zPath)
    {
        V1Container.WriteFile(database, c1zPath);
        return c1zPath;
    }
}
