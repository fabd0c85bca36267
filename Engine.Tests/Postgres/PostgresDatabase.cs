using Engine.Postgres;
using Npgsql;

namespace Engine.Tests.Postgres;

/// <summary>
/// A database of its own for one test class (or one test): created with a random name on the test server, migrated,
/// and dropped on disposal. <see cref="CreateDataSource"/> makes further data sources over it, each with its own
/// pool, as separate gateway processes would have.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime, IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private NpgsqlDataSource? _dataSource;

    /// <summary>The database's name.</summary>
    public string Name { get; } = $"engine_test_{Guid.NewGuid():N}";

    /// <summary>The shared data source over the database (migrated).</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    /// <summary>Creates the database without migrating it.</summary>
    public static async Task<PostgresDatabase> CreateEmptyAsync()
    {
        PostgresDatabase database = new();
        await database.CreateAsync();
        return database;
    }

    /// <summary>Creates the database and migrates it.</summary>
    public static async Task<PostgresDatabase> CreateMigratedAsync()
    {
        PostgresDatabase database = await CreateEmptyAsync();
        await PostgresSchema.MigrateAsync(database.DataSource);
        return database;
    }

    /// <summary>A new data source with its own connection pool over the database; disposed with the database.</summary>
    public NpgsqlDataSource CreateDataSource()
    {
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(PostgresTestCluster.ForDatabase(Name));
        lock (_dataSources)
        {
            _dataSources.Add(dataSource);
        }

        return dataSource;
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await CreateAsync();
        await PostgresSchema.MigrateAsync(DataSource);
    }

    /// <inheritdoc/>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<NpgsqlDataSource> dataSources;
        lock (_dataSources)
        {
            dataSources = [.. _dataSources];
            _dataSources.Clear();
        }

        foreach (NpgsqlDataSource dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await using NpgsqlConnection admin = new(PostgresTestCluster.ConnectionString);
        await admin.OpenAsync();
        await using NpgsqlCommand drop = new($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private async Task CreateAsync()
    {
        await using (NpgsqlConnection admin = new(PostgresTestCluster.ConnectionString))
        {
            await admin.OpenAsync();
            await using NpgsqlCommand create = new($"CREATE DATABASE \"{Name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        _dataSource = CreateDataSource();
    }
}
