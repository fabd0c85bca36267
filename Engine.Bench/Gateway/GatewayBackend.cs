using Engine.Api;
using Engine.Api.Gateway;
using Engine.Api.Gateway.Embedded;
using Engine.Postgres;
using Engine.Sqlite.Gateway;
using Npgsql;

// CA2000: every store, database and data source made here is owned by the cleanup list, run by DisposeAsync.
#pragma warning disable CA2000

namespace Engine.Bench.Gateway;

/// <summary>One store behind a <see cref="SyncGateway"/>, made fresh for a run and removed after it.</summary>
internal sealed class GatewayBackend : IAsyncDisposable
{
    private readonly List<Func<ValueTask>> _cleanup = [];

    private GatewayBackend()
    {
    }

    public ISyncGateway Gateway { get; private set; } = null!;

    public IAuthWorkspaceStore Workspaces { get; private set; } = null!;

    public static async Task<GatewayBackend> CreateAsync(string store, string? postgres)
    {
        GatewayBackend backend = new();
        string directory = Directory.CreateTempSubdirectory("engine-gateway-bench-").FullName;
        backend._cleanup.Add(() =>
        {
            Directory.Delete(directory, recursive: true);
            return ValueTask.CompletedTask;
        });
        try
        {
            switch (store)
            {
                case "embedded":
                case "embedded-flushed":
                    EmbeddedGateway embedded = EmbeddedGateway.Open(
                        directory, durability: store == "embedded" ? Durability.Synced : Durability.Flushed);
                    backend._cleanup.Insert(0, embedded.DisposeAsync);
                    backend.Gateway = embedded.Gateway;
                    backend.Workspaces = embedded.Workspaces;
                    break;
                case "sqlite":
                    // The change log on SQLite; users and memberships (read once per request) on a small embedded store.
                    SqliteSyncLogStore sqlite = SqliteSyncLogStore.Open(Path.Combine(directory, "gateway.db"), SyncGatewayOptions.ReferenceTables);
                    Database auth = Database.Open(Path.Combine(directory, "auth"));
                    EmbeddedWorkspaceStore sqliteWorkspaces = new(auth);
                    backend._cleanup.Insert(0, () =>
                    {
                        sqliteWorkspaces.Dispose();
                        auth.Dispose();
                        return ValueTask.CompletedTask;
                    });
                    backend._cleanup.Insert(0, sqlite.DisposeAsync);
                    backend.Gateway = new SyncGateway(sqlite, sqliteWorkspaces);
                    backend.Workspaces = sqliteWorkspaces;
                    break;
                case "postgres":
                    await backend.OpenPostgresAsync(postgres ?? throw new ArgumentException("postgres needs --postgres CONNSTRING or ENGINE_TEST_POSTGRES."));
                    break;
                default:
                    throw new ArgumentException($"Unknown store '{store}'.");
            }

            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    private async Task OpenPostgresAsync(string connectionString)
    {
        string name = "engine_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (NpgsqlDataSource admin = NpgsqlDataSource.Create(connectionString))
        await using (NpgsqlCommand create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync();
        }

        _cleanup.Add(async () =>
        {
            await using NpgsqlDataSource admin = NpgsqlDataSource.Create(connectionString);
            await using NpgsqlCommand drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        });
        NpgsqlDataSource dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString);
        _cleanup.Insert(0, dataSource.DisposeAsync);
        await PostgresSchema.MigrateAsync(dataSource);
        PostgresSyncLogStore store = new(dataSource);
        _cleanup.Insert(0, store.DisposeAsync);
        PostgresWorkspaceStore workspaces = new(dataSource);
        Gateway = new SyncGateway(store, workspaces);
        Workspaces = workspaces;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Func<ValueTask> step in _cleanup)
        {
            await step();
        }

        _cleanup.Clear();
    }
}
