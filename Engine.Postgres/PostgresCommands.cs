using System;
using Npgsql;
using NpgsqlTypes;

namespace Engine.Postgres;

/// <summary>Builds positional batch commands; a null value is sent as SQL NULL.</summary>
internal static class PostgresCommands
{
    /// <summary>A command with positional parameters <c>$1</c>, <c>$2</c>, … in order.</summary>
    /// <remarks>A lone array argument binds as the params array itself: cast it to <see cref="object"/>.</remarks>
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        NpgsqlBatchCommand command = new(sql);
        foreach (object? value in values)
        {
            command.Parameters.Add(value is NpgsqlParameter parameter ? parameter : new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>A text array parameter that may be null (no filter).</summary>
    public static NpgsqlParameter TextArray(string[]? values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)values ?? DBNull.Value };

    /// <summary>A bytea array parameter whose elements may be null.</summary>
    public static NpgsqlParameter ByteaArray(byte[]?[] values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = values };

    /// <summary>A text parameter that may be null.</summary>
    public static NpgsqlParameter Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };
}
