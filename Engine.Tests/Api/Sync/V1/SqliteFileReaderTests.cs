using System.Buffers.Binary;
using Engine.Api;
using Engine.Api.Sync.V1;
using Engine.Api.Sync.V1.Sqlite;
using Engine.Fuzz.Targets;
using Engine.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

using static Engine.Tests.Api.Sync.V1.SqliteOracle;

namespace Engine.Tests.Api.Sync.V1;

public sealed class SqliteFileReaderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("sqlite-reader");

    public static TheoryData<string> Fixtures() => ["in-progress.c1z", "org-1k-resources.c1z", "org-35k-resources.c1z"];

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_EveryRowOfEveryTable_IsWhatSqliteReads(string fixture)
    {
        string database = _dir.Combine("fixture.db");
        V1Container.DecompressFile(SharedFixtures.C1z(fixture), database, V1DecoderLimits.Default);

        long rows = AssertSameAsSqlite(database);

        output.WriteLine($"{fixture}: {rows} rows match");
        using SqliteFileReader reader = SqliteFileReader.Open(database);
        Assert.Equal(7, reader.Tables.Count(t => t.Name.StartsWith("v1_", StringComparison.Ordinal)));
        SqliteTable grants = reader.GetTable("V1_GRANTS");
        Assert.True(grants.Columns[0].IsRowIdAlias);
        Assert.Equal("id", grants.Columns[0].Name);
        SqliteRow run = Assert.Single(reader.ReadRows(reader.GetTable("v1_sync_runs")));
        Assert.Equal("full", run["sync_type"].AsText);
        Assert.True(run["ended_at"].IsNull);
    }

    [Fact]
    public void Fixture_SyncTokensSpanOverflowPages()
    {
        string database = _dir.Combine("fixture.db");
        V1Container.DecompressFile(SharedFixtures.C1z("org-1k-resources.c1z"), database, V1DecoderLimits.Default);
        using SqliteFileReader reader = SqliteFileReader.Open(database);

        SqliteRow run = Assert.Single(reader.ReadRows(reader.GetTable("v1_sync_runs")));

        Assert.Equal(92_854, run["sync_token"].AsBlob.Length);
        Assert.Equal(-1, reader.GetTable("v1_grants").ColumnIndex("expansion"));
        Assert.Equal("36zfOAoWMxQdISbixanQCRBiX7E", run["sync_id"].AsText);
    }

    [Fact]
    public void EverySerialType_ReadsAsWritten()
    {
        object?[] values =
        [
            null, 0L, 1L, 2L, -1L, 127L, 128L, -128L, -129L, 32767L, 32768L, -32768L, -32769L, 8388607L, 8388608L, -8388608L,
            -8388609L, 2147483647L, 2147483648L, -2147483648L, -2147483649L, 140737488355327L, 140737488355328L,
            -140737488355328L, -140737488355329L, long.MaxValue, long.MinValue, 0.5, -1.25e300, double.Epsilon, -0.0,
            string.Empty, "é ü 中", new string('t', 10_000), Array.Empty<byte>(), new byte[] { 0, 255 }, new byte[70_000],
        ];
        string path = Create(_dir.Combine("types.db"), 4096, c =>
        {
            Execute(c, "CREATE TABLE t(v)");
            foreach (object? value in values)
            {
                Execute(c, "INSERT INTO t(v) VALUES ($1)", value);
            }
        });

        Assert.Equal(values.Length, AssertSameAsSqlite(path));
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        List<SqliteRow> rows = [.. reader.ReadRows(reader.GetTable("t"))];
        Assert.True(rows[0][0].IsNull);
        Assert.Equal(long.MinValue, rows[26]["v"].AsInteger);
        Assert.Equal(-1.25e300, rows[28][0].AsReal);
        Assert.Equal("é ü 中", rows[32][0].AsText);
        Assert.Equal(SqliteValueKind.Blob, rows[34][0].Kind);
        Assert.Equal(Enumerable.Range(1, values.Length).Select(i => (long)i), rows.Select(r => r.RowId));
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void ManyRowsWithOverflow_AtEachPageSize_ReadAsSqliteReads(int pageSize)
    {
        int seed = TestSeed.Get(output, $"{nameof(ManyRowsWithOverflow_AtEachPageSize_ReadAsSqliteReads)}({pageSize})");
        Random random = new(seed);
        int usable = pageSize;
        int maxLocal = usable - 35;
        int minLocal = ((usable - 12) * 32 / 255) - 23;
        string path = Create(_dir.Combine("many.db"), pageSize, c =>
        {
            Execute(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, body BLOB, n REAL)");
            using SqliteTransaction transaction = c.BeginTransaction();
            for (int i = 0; i < 6000; i++)
            {
                // Sizes around the local/overflow boundaries, and now and then a payload of many overflow pages.
                int size = random.Next(5) switch
                {
                    0 => random.Next(0, 64),
                    1 => maxLocal - 20 + random.Next(40),
                    2 => minLocal + random.Next(usable * 3),
                    3 => random.Next(0, 2000),
                    _ => random.Next(20) == 0 ? random.Next(50_000, 200_000) : random.Next(0, 300),
                };
                byte[] body = new byte[size];
                random.NextBytes(body);
                long id = (i * 7L) + random.Next(7);
                Execute(c, "INSERT INTO t VALUES ($1, $2, $3, $4)", id, $"row {i}", random.Next(10) == 0 ? null : body, random.NextDouble());
            }

            transaction.Commit();
            Execute(c, "DELETE FROM t WHERE id % 5 = 0");
        });

        Assert.True(AssertSameAsSqlite(path) > 4000);
    }

    [Fact]
    public void AddedColumns_TakeTheirDefaults()
    {
        string path = Create(_dir.Combine("alter.db"), 4096, c =>
        {
            Execute(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT)");
            Execute(c, "INSERT INTO t(a) VALUES ('old 1'), ('old 2')");
            Execute(c, "ALTER TABLE t ADD COLUMN i INTEGER DEFAULT 7");
            Execute(c, "ALTER TABLE t ADD COLUMN neg INT DEFAULT -5");
            Execute(c, "ALTER TABLE t ADD COLUMN pos DEFAULT +3");
            Execute(c, "ALTER TABLE t ADD COLUMN r REAL DEFAULT -1.5e3");
            Execute(c, "ALTER TABLE t ADD COLUMN s TEXT DEFAULT 'it''s'");
            Execute(c, "ALTER TABLE t ADD COLUMN empty TEXT NOT NULL DEFAULT ''");
            Execute(c, "ALTER TABLE t ADD COLUMN n DEFAULT NULL");
            Execute(c, "ALTER TABLE t ADD COLUMN none BLOB");
            Execute(c, "ALTER TABLE t ADD COLUMN yes BOOLEAN DEFAULT TRUE");
            Execute(c, "ALTER TABLE t ADD COLUMN no BOOLEAN DEFAULT false");
            Execute(c, "ALTER TABLE t ADD COLUMN hex INTEGER DEFAULT 0x10");
            Execute(c, "ALTER TABLE t ADD COLUMN big DEFAULT 99999999999999999999");
            Execute(c, "ALTER TABLE t ADD COLUMN bytes BLOB DEFAULT x'0aFF'");
            Execute(c, "ALTER TABLE t ADD COLUMN as_text TEXT DEFAULT 5");
            Execute(c, "ALTER TABLE t ADD COLUMN as_integer INTEGER DEFAULT ' 12 '");
            Execute(c, "ALTER TABLE t ADD COLUMN as_real REAL DEFAULT 2");
            Execute(c, "ALTER TABLE t ADD COLUMN as_numeric NUMERIC DEFAULT 3.0");
            Execute(c, "ALTER TABLE t ADD COLUMN exponent DECIMAL(10, 2) DEFAULT '3.0e+5'");
            Execute(c, "ALTER TABLE t ADD COLUMN stored_real DOUBLE");
            Execute(c, "INSERT INTO t(a, i, s, stored_real) VALUES ('new', 1, 'set', 4)");
        });

        Assert.Equal(3, AssertSameAsSqlite(path));
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        SqliteRow old = reader.ReadRows(reader.GetTable("t")).First();
        Assert.Equal(7, old["i"].AsInteger);
        Assert.Equal(-5, old["neg"].AsInteger);
        Assert.Equal("it's", old["s"].AsText);
        Assert.Equal(1, old["yes"].AsInteger);
        Assert.Equal(0, old["no"].AsInteger);
        Assert.Equal(16, old["hex"].AsInteger);
        Assert.Equal(1e20, old["big"].AsReal);
        Assert.Equal(new byte[] { 0x0A, 0xFF }, old["bytes"].AsBlob.ToArray());
        Assert.True(old["none"].IsNull);
        Assert.Equal("5", old["as_text"].AsText);
        Assert.Equal(12, old["as_integer"].AsInteger);
        Assert.Equal(2.0, old["as_real"].AsReal);
        Assert.Equal(3, old["as_numeric"].AsInteger);
        Assert.Equal(300_000, old["exponent"].AsInteger);
        Assert.Equal(4.0, reader.ReadRows(reader.GetTable("t")).Last()["stored_real"].AsReal);
    }

    [Fact]
    public void AddedColumnWithAnExpressionDefault_IsUnsupportedWhenARowNeedsIt()
    {
        string path = Create(_dir.Combine("expression.db"), 4096, c =>
        {
            Execute(c, "CREATE TABLE t(a, stamp TEXT DEFAULT CURRENT_TIMESTAMP)");
            Execute(c, "INSERT INTO t(a) VALUES (1)");
            Execute(c, "ALTER TABLE t ADD COLUMN b DEFAULT 5");
            // SQLite refuses an expression default on ADD COLUMN; edit the schema to make one, as a damaged file might.
            Execute(c, "PRAGMA writable_schema = ON");
            Execute(c, "UPDATE sqlite_schema SET sql = replace(sql, 'DEFAULT 5', 'DEFAULT (5 + 1)') WHERE name = 't'");
        });
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        SqliteTable table = reader.GetTable("t");

        V1FileException error = Assert.Throws<V1FileException>(() => reader.ReadRows(table).ToList());

        Assert.Equal(V1FileProblem.UnsupportedDatabase, error.Problem);
        Assert.Contains("column b", error.Message, StringComparison.Ordinal);
        Assert.Equal("CURRENT_TIMESTAMP", table.Columns[1].DefaultExpression);
        Assert.Equal(V1FileProblem.UnsupportedDatabase, Assert.Throws<V1FileException>(() => table.Columns[1].DefaultValue).Problem);
    }

    [Fact]
    public void RowIdAliases_FollowSqlitesRules()
    {
        string path = Create(_dir.Combine("alias.db"), 4096, c =>
        {
            Execute(c, "CREATE TABLE plain(x TEXT)");
            Execute(c, "CREATE TABLE \"quoted \"\"name\"\"\"([my id] integer PRIMARY KEY AUTOINCREMENT, `v` TEXT)");
            Execute(c, "CREATE TABLE tablekey(v TEXT, k INTEGER NOT NULL, CONSTRAINT pk PRIMARY KEY (k DESC), UNIQUE(v))");
            Execute(c, "CREATE TABLE notint(k INT PRIMARY KEY, v)");
            Execute(c, "CREATE TABLE descending(k INTEGER PRIMARY KEY DESC, v)");
            Execute(c, "CREATE TABLE composite(a INTEGER, b INTEGER, v ANY, PRIMARY KEY (a, b)) STRICT");
            Execute(c, "CREATE TABLE IF NOT EXISTS typed(k INTEGER /* the key */ PRIMARY KEY, v VARCHAR ( 10, 2 ) -- sized\n COLLATE NOCASE CHECK (v <> 'x'), w UNSIGNED BIG INT REFERENCES plain(x) ON DELETE SET DEFAULT)");
            foreach (string table in new[] { "plain(x)", "\"quoted \"\"name\"\"\"(v)", "tablekey(v, k)", "notint(k, v)", "descending(k, v)", "composite(a, b, v)", "typed(k, v)" })
            {
                int columns = table.Count(ch => ch == ',') + 1;
                for (int i = 0; i < 3; i++)
                {
                    string row = string.Join(", ", Enumerable.Range(0, columns).Select(j => (i * 10) + j + 100));
                    Execute(c, $"INSERT INTO {table} VALUES ({row})");
                }
            }
        });

        AssertSameAsSqlite(path);
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        Assert.Equal(
            ["plain: ", "quoted \"name\": my id", "tablekey: k", "notint: ", "descending: ", "composite: ", "typed: k"],
            reader.Tables.Where(t => t.Name != "sqlite_sequence").Select(t => $"{t.Name}: {string.Join(",", t.Columns.Where(c => c.IsRowIdAlias).Select(c => c.Name))}"));
        Assert.Equal("VARCHAR ( 10, 2 )", reader.GetTable("typed").Columns[1].DeclaredType);
        Assert.Equal(121, reader.ReadRows(reader.GetTable("tablekey")).Last()["k"].AsInteger);
    }

    [Fact]
    public void DroppedAndRecreatedTable_ReadsTheNewTable()
    {
        string path = Create(_dir.Combine("recreated.db"), 4096, c =>
        {
            Execute(c, "CREATE TABLE t(a, b)");
            Execute(c, "CREATE TABLE other(x)");
            Execute(c, "INSERT INTO t VALUES (1, 2), (3, 4)");
            Execute(c, "INSERT INTO other VALUES (zeroblob(20000))");
            Execute(c, "DROP TABLE t");
            Execute(c, "CREATE TABLE t(c TEXT, d TEXT, e TEXT)");
            Execute(c, "INSERT INTO t VALUES ('x', 'y', 'z')");
        });

        Assert.Equal(2, AssertSameAsSqlite(path));
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        Assert.Equal(["other", "t"], reader.Tables.Select(t => t.Name));
        Assert.Equal("z", Assert.Single(reader.ReadRows(reader.GetTable("T")))["E"].AsText);
    }

    [Fact]
    public void WalModeDatabase_ReadsAfterCheckpoint()
    {
        string path = Create(_dir.Combine("wal.db"), 4096, c =>
        {
            Execute(c, "PRAGMA journal_mode = WAL");
            Execute(c, "CREATE TABLE t(a)");
            Execute(c, "INSERT INTO t VALUES ('in the wal')");
            Execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        });

        Assert.Equal(2, File.ReadAllBytes(path)[18]);
        Assert.Equal(1, AssertSameAsSqlite(path));
    }

    [Fact]
    public void EmptyDatabaseAndEmptyTable_HaveNoRows()
    {
        string empty = Create(_dir.Combine("empty.db"), 4096, c => Execute(c, "PRAGMA user_version = 1"));
        using (SqliteFileReader reader = SqliteFileReader.Open(empty))
        {
            Assert.Empty(reader.Tables);
            Assert.Null(reader.FindTable("t"));
        }

        string table = Create(_dir.Combine("empty-table.db"), 4096, c => Execute(c, "CREATE TABLE t(a)"));
        using SqliteFileReader tableReader = SqliteFileReader.Open(table);
        Assert.Empty(tableReader.ReadRows(tableReader.GetTable("t")));
    }

    [Fact]
    public void WithoutRowIdTable_IsUnsupported()
    {
        string path = Create(_dir.Combine("without.db"), 4096, c => Execute(c, "CREATE TABLE t(k TEXT PRIMARY KEY, v) WITHOUT ROWID"));

        V1FileException error = Assert.Throws<V1FileException>(() => SqliteFileReader.Open(path));

        Assert.Equal(V1FileProblem.UnsupportedDatabase, error.Problem);
        Assert.Equal(StorageErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public void Utf16Database_IsUnsupported()
    {
        string path = Create(_dir.Combine("utf16.db"), 4096, c =>
        {
            Execute(c, "PRAGMA encoding = 'UTF-16le'");
            Execute(c, "CREATE TABLE t(a)");
        });

        Assert.Equal(V1FileProblem.UnsupportedDatabase, Assert.Throws<V1FileException>(() => SqliteFileReader.Open(path)).Problem);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(5000)]
    public void NotSqlite_IsNotSqlite(int length)
    {
        string path = _dir.Combine("not.db");
        byte[] bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        V1FileException error = Assert.Throws<V1FileException>(() => SqliteFileReader.Open(path));

        Assert.Equal(V1FileProblem.NotSqlite, error.Problem);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public void TruncatedDatabase_IsTruncated()
    {
        string path = SmallDatabase("truncated.db");
        byte[] bytes = File.ReadAllBytes(path);
        foreach (int length in new[] { 50, bytes.Length / 2, bytes.Length - 1 })
        {
            File.WriteAllBytes(path, bytes[..length]);
            Assert.Equal(V1FileProblem.Truncated, Assert.Throws<V1FileException>(() => SqliteFileReader.Open(path)).Problem);
        }
    }

    [Fact]
    public void DamagedPageType_IsCorruptNamingThePage()
    {
        string path = SmallDatabase("type.db");
        int root = RootPage(path, "t");
        Damage(path, root, 0, 0x0A);

        V1FileException error = ReadAllFails(path);

        Assert.Equal(V1FileProblem.CorruptDatabase, error.Problem);
        Assert.Equal(StorageErrorCode.Corruption, error.Code);
        Assert.Contains($"page {root}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DamagedCellPointer_IsCorrupt()
    {
        string path = SmallDatabase("pointer.db");
        int leaf = FirstLeaf(path, RootPage(path, "t"));
        Damage(path, leaf, 8, 0xFF, 0xFF);

        Assert.Contains($"page {leaf}", ReadAllFails(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InteriorPageThatPointsAtItself_IsCorruptNotALoop()
    {
        string path = SmallDatabase("loop.db");
        int root = RootPage(path, "t");
        Assert.Equal(0x05, ReadPage(path, root)[0]);
        byte[] self = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(self, root);
        Damage(path, root, 8, self);

        Assert.Contains("twice", ReadAllFails(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverflowChainThatLoops_IsCorruptNotALoop()
    {
        string path = SmallDatabase("overflow.db");
        int pageSize = PageSize(path);
        int overflow = Enumerable.Range(2, (int)(new FileInfo(path).Length / pageSize) - 1)
            .First(p => ReadPage(path, p).AsSpan(4, 64).IndexOfAnyExcept((byte)0xAB) < 0);
        byte[] self = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(self, overflow);
        Damage(path, overflow, 0, self);

        Assert.Equal(V1FileProblem.CorruptDatabase, ReadAllFails(path).Problem);
    }

    [Fact]
    public void OverflowChainCutShort_IsCorrupt()
    {
        string path = SmallDatabase("short.db");
        int pageSize = PageSize(path);
        int overflow = Enumerable.Range(2, (int)(new FileInfo(path).Length / pageSize) - 1)
            .First(p => ReadPage(path, p).AsSpan(4, 64).IndexOfAnyExcept((byte)0xAB) < 0 && BinaryPrimitives.ReadInt32BigEndian(ReadPage(path, p)) != 0);
        Damage(path, overflow, 0, 0, 0, 0, 0);

        Assert.Contains("ends after", ReadAllFails(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTableAndColumn_AreTypedErrors()
    {
        string path = SmallDatabase("missing.db");
        using SqliteFileReader reader = SqliteFileReader.Open(path);

        Assert.Null(reader.FindTable("nope"));
        V1FileException table = Assert.Throws<V1FileException>(() => reader.GetTable("nope"));
        Assert.Equal(V1FileProblem.MissingTable, table.Problem);
        SqliteRow row = reader.ReadRows(reader.GetTable("t")).First();
        Assert.Equal(V1FileProblem.MissingColumn, Assert.Throws<V1FileException>(() => row["nope"]).Problem);
        Assert.Throws<InvalidOperationException>(() => row["body"].AsInteger);
    }

    [Fact]
    public void RandomDamage_IsReadOrReportedAsV1FileException()
    {
        int seed = TestSeed.Get(output, nameof(RandomDamage_IsReadOrReportedAsV1FileException));
        Random random = new(seed);
        string path = SmallDatabase("random.db");
        byte[] original = File.ReadAllBytes(path);
        int failures = 0;
        for (int i = 0; i < 300; i++)
        {
            byte[] damaged = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            }

            File.WriteAllBytes(path, damaged);
            try
            {
                using SqliteFileReader reader = SqliteFileReader.Open(path);
                foreach (SqliteTable table in reader.Tables)
                {
                    foreach (SqliteRow row in reader.ReadRows(table))
                    {
                        for (int c = 0; c < row.Count; c++)
                        {
                            _ = row[c].Kind == SqliteValueKind.Text ? row[c].AsText : null;
                        }
                    }
                }
            }
            catch (V1FileException)
            {
                failures++;
            }
        }

        output.WriteLine($"{failures} of 300 damaged files rejected");
    }

    [Fact]
    public void FuzzSeeds_AreSoundDatabasesReadAsSqliteReadsThem()
    {
        int i = 0;
        foreach (byte[] seed in SqliteSeeds.All())
        {
            string path = _dir.Combine($"seed-{i++}.db");
            File.WriteAllBytes(path, seed);
            using (SqliteConnection c = Connect(path, readOnly: true))
            {
                Assert.Equal("ok", Scalar(c, "PRAGMA integrity_check"));
            }

            Assert.True(AssertSameAsSqlite(path) > 0);
        }

        Assert.Equal(4, i);
    }

    /// <summary>A 1024-byte-page database with a three-level table, rows with overflow chains of 0xAB bytes, and an index.</summary>
    private string SmallDatabase(string name) => Create(_dir.Combine(name), 1024, c =>
    {
        Execute(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, body BLOB)");
        Execute(c, "CREATE INDEX t_name ON t(name)");
        using SqliteTransaction transaction = c.BeginTransaction();
        for (int i = 0; i < 400; i++)
        {
            Execute(c, "INSERT INTO t VALUES ($1, $2, $3)", i, $"name {i}", i % 50 == 0 ? Enumerable.Repeat((byte)0xAB, 5000).ToArray() : new byte[i % 90]);
        }

        transaction.Commit();
    });

    private static int RootPage(string path, string table)
    {
        using SqliteConnection c = Connect(path, readOnly: true);
        return Convert.ToInt32(Scalar(c, $"SELECT rootpage FROM sqlite_schema WHERE name = '{table}'"), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int PageSize(string path) => BinaryPrimitives.ReadUInt16BigEndian(File.ReadAllBytes(path).AsSpan(16));

    private static byte[] ReadPage(string path, int page)
    {
        int size = PageSize(path);
        return File.ReadAllBytes(path).AsSpan((page - 1) * size, size).ToArray();
    }

    /// <summary>The left-most leaf under <paramref name="root"/>.</summary>
    private static int FirstLeaf(string path, int root)
    {
        int page = root;
        byte[] bytes = ReadPage(path, page);
        while (bytes[0] == 0x05)
        {
            int cell = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(12));
            page = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(cell));
            bytes = ReadPage(path, page);
        }

        return page;
    }

    private static void Damage(string path, int page, int offset, params byte[] bytes)
    {
        using FileStream file = new(path, FileMode.Open, FileAccess.Write);
        file.Position = ((long)(page - 1) * PageSizeOf(file.Name)) + offset;
        file.Write(bytes);
    }

    private static int PageSizeOf(string path)
    {
        using FileStream file = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        byte[] header = new byte[18];
        file.ReadExactly(header);
        return BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
    }

    private static V1FileException ReadAllFails(string path) => Assert.Throws<V1FileException>(() =>
    {
        using SqliteFileReader reader = SqliteFileReader.Open(path);
        foreach (SqliteTable table in reader.Tables)
        {
            _ = reader.ReadRows(table).Count();
        }
    });
}
