using Engine.Api;
using Engine.Postgres;
using Npgsql;

namespace Engine.Tests.Postgres;

/// <summary>The schema's migrations and the ledger's integrity checks (spec sync-gateway.md 3.1, sqlite-migration-integrity).</summary>
public sealed class PostgresSchemaTests
{
    [Fact]
    public async Task MigrateAsync_FreshDatabase_AppliesEveryStepOnceAndRecordsIt()
    {
        await using PostgresDatabase database = await PostgresDatabase.CreateEmptyAsync();

        Assert.Equal(0, await PostgresSchema.GetVersionAsync(database.DataSource));
        Assert.Equal(0, await PostgresSchema.MigrateAsync(database.DataSource));
        Assert.Equal(PostgresSchema.LatestVersion, await PostgresSchema.GetVersionAsync(database.DataSource));
        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion).Select(v => (long)v), await LedgerAsync(database.DataSource));

        // A second run finds the schema current and changes nothing.
        Assert.Equal(PostgresSchema.LatestVersion, await PostgresSchema.MigrateAsync(database.DataSource));
        Assert.Equal(PostgresSchema.LatestVersion, (await LedgerAsync(database.DataSource)).Count);
    }

    [Fact]
    public async Task MigrateAsync_SeveralProcessesAtOnce_ApplyEachStepOnce()
    {
        await using PostgresDatabase database = await PostgresDatabase.CreateEmptyAsync();
        NpgsqlDataSource[] processes = [.. Enumerable.Range(0, 4).Select(_ => database.CreateDataSource())];

        int[] found = await Task.WhenAll(processes.Select(p => PostgresSchema.MigrateAsync(p).AsTask()));

        Assert.Single(found, 0);
        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion).Select(v => (long)v), await LedgerAsync(database.DataSource));
    }

    [Fact]
    public async Task MigrateAsync_LedgerNewerThanTheCode_RefusesToStart()
    {
        await using PostgresDatabase database = await PostgresDatabase.CreateMigratedAsync();
        await ExecuteAsync(database.DataSource, $"INSERT INTO schema_migrations (version) VALUES ({PostgresSchema.LatestVersion + 1})");

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => PostgresSchema.MigrateAsync(database.DataSource).AsTask());

        Assert.Equal(StorageErrorCode.FailedPrecondition, error.Code);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_LedgerCurrentButTableMissing_FailsClosedWithoutRecreatingIt()
    {
        await using PostgresDatabase database = await PostgresDatabase.CreateMigratedAsync();
        await ExecuteAsync(database.DataSource, "DROP TABLE op_index");

        StorageException error = await Assert.ThrowsAsync<StorageException>(() => PostgresSchema.MigrateAsync(database.DataSource).AsTask());

        Assert.Equal(StorageErrorCode.Corruption, error.Code);
        Assert.Contains("op_index", error.Message, StringComparison.Ordinal);
        await using NpgsqlCommand probe = database.DataSource.CreateCommand("SELECT to_regclass('op_index') IS NULL");
        Assert.True((bool)(await probe.ExecuteScalarAsync())!);
    }

    private static async Task<List<long>> LedgerAsync(NpgsqlDataSource dataSource)
    {
        List<long> versions = [];
        await using NpgsqlCommand command = dataSource.CreateCommand("SELECT version FROM schema_migrations ORDER BY version");
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using NpgsqlCommand command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
