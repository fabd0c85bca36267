using Engine.Api;
using Engine.Api.Sync;
using Engine.Api.Sync.V1;
using Engine.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Engine.Tests.Api.Sync.V1;

/// <summary>
/// Bad v1 input: each case a <see cref="V1FileException"/> saying what is wrong, and neither a store directory nor a
/// decoded temporary file left behind.
/// </summary>
[Trait("Category", "Unit")]
public sealed class V1ImportErrorTests : IDisposable
{
    private readonly TempDirectory _directory = new("v1-bad");

    public V1ImportErrorTests()
    {
        Directory.CreateDirectory(Scratch);
    }

    private string Scratch => _directory.Combine("scratch");

    private string StorePath => _directory.Combine("store");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void AFileWithoutTheMagic_IsNotC1z()
    {
        string path = _directory.Combine("plain.c1z");
        File.WriteAllBytes(path, "SQLite format 3\0"u8.ToArray());

        Fails(path, V1FileProblem.NotC1z);
    }

    [Fact]
    public void ATruncatedFrame_IsTruncated()
    {
        byte[] bytes = File.ReadAllBytes(SharedFixtures.C1z("org-1k-resources.c1z"));
        string path = _directory.Combine("truncated.c1z");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        Fails(path, V1FileProblem.Truncated);
    }

    [Fact]
    public void ACorruptedFrame_IsCaught_ByTheDecoderOrTheChecksum()
    {
        byte[] bytes = File.ReadAllBytes(SharedFixtures.C1z("org-1k-resources.c1z"));
        for (int i = bytes.Length / 2; i < (bytes.Length / 2) + 16; i++)
        {
            bytes[i] ^= 0x5A;
        }

        string path = _directory.Combine("corrupt.c1z");
        File.WriteAllBytes(path, bytes);

        V1FileException ex = Fails(path, null);
        Assert.Contains(ex.Problem, new[] { V1FileProblem.CorruptFrame, V1FileProblem.ChecksumMismatch });
    }

    [Fact]
    public void AFrameClaimingMoreThanTheLimit_IsTooLarge_BeforeDecoding()
    {
        // The fixtures carry no content size; packed again, the frame declares it (3,239,936 bytes).
        string database = V1Databases.Decode("org-1k-resources.c1z", _directory);
        string path = V1Databases.Pack(database, _directory.Combine("declared.c1z"));
        V1ImportOptions options = Options with { Limits = new V1DecoderLimits { MaxDecodedBytes = 1 << 20 } };

        V1FileException ex = Fails(path, V1FileProblem.TooLarge, options);
        Assert.Contains("3239936", ex.Message.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void AnSqliteImageWithADamagedPage_IsCorruptDatabase()
    {
        string database = V1Databases.Decode("org-1k-resources.c1z", _directory);
        long root;
        using (SqliteConnection connection = SqliteOracle.Connect(database, readOnly: true))
        {
            root = (long)SqliteOracle.Scalar(connection, "SELECT rootpage FROM sqlite_schema WHERE name = 'v1_grants'")!;
        }

        using (FileStream file = new(database, FileMode.Open, FileAccess.ReadWrite))
        {
            // The b-tree page type byte: 0x05 or 0x0D in a table, never 0x07.
            file.Position = (root - 1) * 4096;
            file.WriteByte(0x07);
        }

        V1FileException ex = Fails(V1Databases.Pack(database, _directory.Combine("damaged.c1z")), V1FileProblem.CorruptDatabase);
        Assert.Contains("v1_grants", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingTable_IsMissingTable_NamingIt()
    {
        V1FileException ex = Fails(Edited("DROP TABLE v1_entitlements"), V1FileProblem.MissingTable);
        Assert.Contains("v1_entitlements", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingOrRenamedColumn_IsMissingColumn_NamingIt()
    {
        V1FileException ex = Fails(Edited("ALTER TABLE v1_grants RENAME COLUMN principal_resource_id TO principal"), V1FileProblem.MissingColumn);
        Assert.Contains("v1_grants", ex.Message, StringComparison.Ordinal);
        Assert.Contains("principal_resource_id", ex.Message, StringComparison.Ordinal);

        ex = Fails(Edited("ALTER TABLE v1_sync_runs DROP COLUMN sync_token"), V1FileProblem.MissingColumn);
        Assert.Contains("sync_token", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE v1_resources SET data = 42 WHERE id = 5", "v1_resources row 5 column data: integer value where bytes are expected")]
    [InlineData("UPDATE v1_grants SET data = x'FFFFFFFF' WHERE id = 3", "v1_grants row 3 column data: not a valid message")]
    [InlineData("UPDATE v1_resources SET data = x'0A05' WHERE id = 9", "v1_resources row 9 column data: not a valid message")]
    [InlineData("UPDATE v1_resources SET discovered_at = '17/12/2025' WHERE id = 7", "v1_resources row 7 column discovered_at: '17/12/2025'")]
    public void ADamagedValue_IsCorruptDatabase_NamingTableRowAndColumn(string damage, string expected)
    {
        V1FileException ex = Fails(Edited(damage), V1FileProblem.CorruptDatabase);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_IsNotFound_AndANonEmptyDirectoryIsRefused()
    {
        StorageException ex = Assert.ThrowsAny<StorageException>(() => SyncStore.CreateFromV1(_directory.Combine("absent.c1z"), StorePath, importOptions: Options));
        Assert.Equal(StorageErrorCode.NotFound, ex.Code);
        Assert.False(Directory.Exists(StorePath));

        Directory.CreateDirectory(StorePath);
        File.WriteAllText(Path.Combine(StorePath, "keep"), "x");
        ex = Assert.ThrowsAny<StorageException>(() => SyncStore.CreateFromV1(SharedFixtures.C1z("in-progress.c1z"), StorePath, importOptions: Options));
        Assert.Equal(StorageErrorCode.AlreadyExists, ex.Code);
        Assert.Equal(["keep"], Directory.EnumerateFileSystemEntries(StorePath).Select(Path.GetFileName));
    }

    [Fact]
    public void AFailureIntoAnExistingEmptyDirectory_EmptiesItAgain()
    {
        Directory.CreateDirectory(StorePath);

        Assert.ThrowsAny<StorageException>(() => SyncStore.CreateFromV1(Edited("DROP TABLE v1_grants"), StorePath, importOptions: Options));

        Assert.Empty(Directory.EnumerateFileSystemEntries(StorePath));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    private V1ImportOptions Options => new() { TimeZone = TimeZoneInfo.Utc, TempDirectory = Scratch };

    /// <summary>The 1k fixture with <paramref name="sql"/> applied, packed as a v1 file.</summary>
    private string Edited(string sql)
    {
        string database = V1Databases.Decode("org-1k-resources.c1z", _directory);
        V1Databases.Execute(database, sql);
        return V1Databases.Pack(database, _directory.Combine($"edited-{Guid.NewGuid():N}.c1z"));
    }

    /// <summary>Asserts that creating a store from <paramref name="path"/> fails with <paramref name="problem"/> (any when null) and leaves nothing behind.</summary>
    private V1FileException Fails(string path, V1FileProblem? problem, V1ImportOptions? options = null)
    {
        V1FileException ex = Assert.Throws<V1FileException>(() => SyncStore.CreateFromV1(path, StorePath, importOptions: options ?? Options));
        if (problem is not null)
        {
            Assert.Equal(problem, ex.Problem);
        }

        Assert.Equal(path, ex.FilePath);
        Assert.Equal(V1FileException.CodeOf(ex.Problem), ex.Code);
        Assert.False(Directory.Exists(StorePath), "the store directory was left behind");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
        return ex;
    }
}
