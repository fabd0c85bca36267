using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace Engine.Sqlite;

/// <summary>
/// The store's one connection and its prepared statements: each SQL text becomes one <see cref="SqliteCommand"/> with
/// parameters <c>$0</c>, <c>$1</c>, ... created once, reused for every execution (SQLite prepares it once), and disposed
/// with the connection.
/// </summary>
/// <remarks>
/// Transactions are plain <c>BEGIN</c>/<c>COMMIT</c> statements rather than <see cref="SqliteTransaction"/> objects, so
/// a cached command needs no transaction assigned before each use. Not thread-safe: the store serializes every call.
/// </remarks>
internal sealed class SqlStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private int _depth;

    public SqlStatements(SqliteConnection connection) => _connection = connection;

    public SqliteConnection Connection => _connection;

    /// <summary>The cached command of <paramref name="sql"/> with its parameters bound to <paramref name="args"/>.</summary>
    public SqliteCommand Bind(string sql, params ReadOnlySpan<object?> args)
    {
        if (!_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (int i = 0; i < args.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }

            _commands.Add(sql, command);
        }

        for (int i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = ToDb(args[i]);
        }

        return command;
    }

    /// <summary>Runs a statement; the number of rows it changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<object?> args) => Bind(sql, args).ExecuteNonQuery();

    /// <summary>The first column of the first row, or null when there is none (or it is NULL).</summary>
    public object? Scalar(string sql, params ReadOnlySpan<object?> args)
    {
        object? value = Bind(sql, args).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>A reader over the statement's rows; dispose it before the statement runs again.</summary>
    public SqliteDataReader Query(string sql, params ReadOnlySpan<object?> args) => Bind(sql, args).ExecuteReader();

    /// <summary>Runs <paramref name="body"/> in one transaction (joined when one is open): committed when it returns, rolled back when it throws.</summary>
    public void InTransaction(Action body)
    {
        if (_depth > 0)
        {
            body();
            return;
        }

        Execute("BEGIN IMMEDIATE");
        _depth++;
        try
        {
            body();
            _depth--;
            Execute("COMMIT");
        }
        catch
        {
            _depth = 0;
            Execute("ROLLBACK");
            throw;
        }
    }

    /// <summary>Forgets every prepared statement (before a schema change that would invalidate them, or before closing).</summary>
    public void Reset()
    {
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    public void Dispose()
    {
        Reset();
        _connection.Dispose();
    }

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        bool flag => flag ? 1L : 0L,
        int number => (long)number,
        ReadOnlyMemory<byte> bytes => bytes.ToArray(),
        _ => value,
    };
}
