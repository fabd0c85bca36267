using Microsoft.Data.Sqlite;

namespace Engine.Bench.Local;

/// <summary>
/// SQLite (Microsoft.Data.Sqlite, the bundled e_sqlite3) doing the local verb's work: one database file, WAL journal
/// with <c>synchronous = NORMAL</c> (a commit survives a process crash, not a power loss: the durability of our
/// default <c>Durability.Flushed</c>), a 32 MiB page cache (our block cache's default size), prepared statements, one
/// transaction per atomic write, autocommit for single operations.
/// </summary>
/// <remarks>Not thread-safe: one run at a time.</remarks>
internal sealed partial class SqliteTarget : ILocalTarget
{
    private const string Schema =
        """
        CREATE TABLE kv (ns TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, PRIMARY KEY (ns, key)) WITHOUT ROWID;
        CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
        CREATE TABLE blob_chunks (blob_id INTEGER NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (blob_id, seq));
        CREATE TABLE points (series TEXT NOT NULL, ts INTEGER NOT NULL, tags TEXT NOT NULL, value REAL NOT NULL);
        CREATE INDEX points_series_ts ON points (series, ts);
        """;

    private const string Namespace = "bench";

    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _put;
    private readonly SqliteCommand _delete;

    private SqliteTarget(SqliteConnection connection)
    {
        _connection = connection;
        _get = Prepare("SELECT value FROM kv WHERE ns = $ns AND key = $key", "$ns", "$key");
        _put = Prepare("INSERT OR REPLACE INTO kv (ns, key, value) VALUES ($ns, $key, $value)", "$ns", "$key", "$value");
        _delete = Prepare("DELETE FROM kv WHERE ns = $ns AND key = $key", "$ns", "$key");
        _insertDocument = Prepare("INSERT INTO docs (id, doc) VALUES ($id, $doc)", "$id", "$doc");
        _queryDocuments = Prepare(DocumentQuery, "$city");
        _putChunk = Prepare("INSERT INTO blob_chunks (blob_id, seq, data) VALUES ($blob, $seq, $data)", "$blob", "$seq", "$data");
        _readChunks = Prepare("SELECT data FROM blob_chunks WHERE blob_id = $blob ORDER BY seq", "$blob");
        _insertPoint = Prepare("INSERT INTO points (series, ts, tags, value) VALUES ($series, $ts, $tags, $value)", "$series", "$ts", "$tags", "$value");
        _aggregate = Prepare(
            "SELECT ts / $width AS bucket, avg(value) FROM points WHERE series = $series AND ts >= $from AND ts < $to GROUP BY bucket ORDER BY bucket",
            "$width", "$series", "$from", "$to");
        foreach (SqliteCommand keyed in (SqliteCommand[])[_get, _put, _delete])
        {
            keyed.Parameters[0].Value = Namespace;
        }
    }

    /// <inheritdoc/>
    public string Name => "sqlite";

    /// <summary>Creates the database <c>bench.db</c> in <paramref name="directory"/> with every table.</summary>
    public static SqliteTarget Open(string directory)
    {
        Directory.CreateDirectory(directory);
        SqliteConnectionStringBuilder builder = new()
        {
            DataSource = Path.Combine(directory, "bench.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        SqliteConnection connection = new(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768;");
            Execute(connection, Schema);
            return new SqliteTarget(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Settle() => Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");

    /// <inheritdoc/>
    public ValueTask<bool> GetAsync(byte[] key)
    {
        _get.Parameters[1].Value = key;
        return ValueTask.FromResult(_get.ExecuteScalar() is byte[]);
    }

    /// <inheritdoc/>
    public ValueTask PutAsync(byte[] key, byte[] value)
    {
        _put.Parameters[1].Value = key;
        _put.Parameters[2].Value = value;
        _put.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(byte[] key)
    {
        _delete.Parameters[1].Value = key;
        return ValueTask.FromResult(_delete.ExecuteNonQuery() == 1);
    }

    /// <inheritdoc/>
    public ValueTask PutBatchAsync(byte[][] keys, byte[][] values)
    {
        InTransaction(_put, () =>
        {
            for (int i = 0; i < keys.Length; i++)
            {
                _put.Parameters[1].Value = keys[i];
                _put.Parameters[2].Value = values[i];
                _put.ExecuteNonQuery();
            }
        });
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (SqliteCommand command in _commands)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    /// <summary>Runs <paramref name="body"/> in one transaction that <paramref name="command"/> joins.</summary>
    private void InTransaction(SqliteCommand command, Action body)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        command.Transaction = transaction;
        try
        {
            body();
            transaction.Commit();
        }
        finally
        {
            command.Transaction = null;
        }
    }

    /// <summary>A prepared statement with the named parameters, in order; disposed with the target.</summary>
    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        _commands.Add(command);
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
