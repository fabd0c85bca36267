namespace Engine.Fuzz.Targets;

/// <summary>The small SQLite databases both v1 fuzz targets start from, built by <see cref="SqliteSeedBuilder"/>.</summary>
/// <remarks>Stateless; thread-safe.</remarks>
internal static class SqliteSeeds
{
    /// <summary>Each database: the serial types, an overflow chain, an interior page, a row older than its table's last column.</summary>
    public static IEnumerable<byte[]> All()
    {
        yield return SqliteSeedBuilder.Build(new SqliteSeedBuilder.Table(
            "t", "CREATE TABLE t(id INTEGER PRIMARY KEY, v)",
            [[null, null], [null, 0L], [null, 1L], [null, -100L], [null, 30_000L], [null, -2_000_000L], [null, long.MinValue], [null, 2.5], [null, "text é"], [null, new byte[] { 1, 2, 3 }]]));

        yield return SqliteSeedBuilder.Build(new SqliteSeedBuilder.Table(
            "v1_sync_runs", "CREATE TABLE v1_sync_runs (id integer primary key, sync_id text not null, sync_token text not null)",
            [[null, "36zfOAoWMxQdISbixanQCRBiX7E", new string('{', 1500)]]));

        yield return SqliteSeedBuilder.Build(new SqliteSeedBuilder.Table(
            "many", "CREATE TABLE many(k TEXT, n INTEGER)",
            [.. Enumerable.Range(0, 60).Select(i => new object?[] { $"key {i:D3}", (long)i * 1000 })]));

        yield return SqliteSeedBuilder.Build(
            new SqliteSeedBuilder.Table("a", "CREATE TABLE \"a\"([x] TEXT, y REAL DEFAULT -1.5, z TEXT DEFAULT 'none')", [["old"], ["new", 2.0, "set"]]),
            new SqliteSeedBuilder.Table("b", "CREATE TABLE b(p INTEGER, q BLOB, PRIMARY KEY (p))", [[null, new byte[40]]]));
    }
}
