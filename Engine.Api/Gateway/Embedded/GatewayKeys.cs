using System;
using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.Gateway.Embedded;

/// <summary>
/// The keys of the embedded gateway stores (docs/format/gateway.md): a <see cref="GatewayKeyspace"/> byte, then a tuple
/// (Engine.Core.Encoding.TupleWriter) of the key's columns; workspace ids, tables, pks, op ids and device ids are tuple
/// strings, versions tuple integers, so every prefix and range follows the columns' order.
/// </summary>
/// <remarks>Stateless; thread-safe. Each call returns a new array: the gateway's requests copy records anyway.</remarks>
internal static partial class GatewayKeys
{
    /// <summary>The format record's key: the keyspace byte alone.</summary>
    public static byte[] Format() => [(byte)GatewayKeyspace.Format];

    /// <summary><c>wsc/ws</c>.</summary>
    public static byte[] Counter(string workspaceId) => Build(GatewayKeyspace.Counter, workspaceId);

    /// <summary><c>cl/ws/serverVersion</c>.</summary>
    public static byte[] ChangeLog(string workspaceId, long serverVersion) => Build(GatewayKeyspace.ChangeLog, workspaceId, serverVersion);

    /// <summary>Every change-log key of one workspace.</summary>
    public static KeyRange ChangeLogRange(string workspaceId) => Columns(Build(GatewayKeyspace.ChangeLog, workspaceId));

    /// <summary><c>op/opId</c>.</summary>
    public static byte[] OpIndex(string opId) => Build(GatewayKeyspace.OpIndex, opId);

    /// <summary><c>row/ws/table/pk</c>.</summary>
    public static byte[] Row(string workspaceId, string table, string pk) => Build(GatewayKeyspace.Row, workspaceId, table, pk);

    /// <summary><c>tomb/ws/table/pk</c>.</summary>
    public static byte[] Tombstone(string workspaceId, string table, string pk) => Build(GatewayKeyspace.Tombstone, workspaceId, table, pk);

    /// <summary><c>tombv/ws/serverVersion/table/pk</c>.</summary>
    public static byte[] TombstoneByVersion(string workspaceId, long serverVersion, string table, string pk)
    {
        ArrayBufferWriter<byte> buffer = Begin(GatewayKeyspace.TombstoneByVersion, workspaceId);
        TupleWriter writer = new(buffer);
        writer.AppendInt64(serverVersion);
        writer.AppendString(table);
        writer.AppendString(pk);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>cur/ws/deviceId</c>.</summary>
    public static byte[] Cursor(string workspaceId, string deviceId) => Build(GatewayKeyspace.Cursor, workspaceId, deviceId);

    /// <summary>Every key of one workspace in a keyspace keyed by workspace first (<c>row</c>, <c>tomb</c>, <c>tombv</c>, <c>cur</c>).</summary>
    public static KeyRange WorkspaceRange(GatewayKeyspace keyspace, string workspaceId) => Columns(Build(keyspace, workspaceId));

    /// <summary>The bytes of <paramref name="key"/> after the keyspace byte and the workspace element.</summary>
    public static ReadOnlySpan<byte> AfterWorkspace(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(key[1..]);
        reader.TryReadNext(out _);
        return reader.RemainingEncoded;
    }

    /// <summary>The version of a <c>cl/ws/serverVersion</c> key.</summary>
    public static long ChangeLogVersion(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(AfterWorkspace(key));
        reader.TryReadNext(out _);
        return reader.GetInt64();
    }

    /// <summary>The last string column of a key (the device of a <c>cur</c> key).</summary>
    public static string LastString(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(key[1..]);
        string last = "";
        while (reader.TryReadNext(out TupleElementKind kind))
        {
            if (kind == TupleElementKind.String)
            {
                last = reader.GetString();
            }
        }

        return last;
    }

    /// <summary>The version, table and pk of a <c>tombv/ws/serverVersion/table/pk</c> key.</summary>
    public static (long ServerVersion, string Table, string Pk) ReadTombstoneByVersion(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(AfterWorkspace(key));
        reader.TryReadNext(out _);
        long version = reader.GetInt64();
        reader.TryReadNext(out _);
        string table = reader.GetString();
        reader.TryReadNext(out _);
        return (version, table, reader.GetString());
    }

    /// <summary>The table and pk of a <c>row/ws/table/pk</c> or <c>tomb/ws/table/pk</c> key.</summary>
    public static (string Table, string Pk) ReadRecordKey(ReadOnlySpan<byte> key)
    {
        TupleReader reader = new(AfterWorkspace(key));
        reader.TryReadNext(out _);
        string table = reader.GetString();
        reader.TryReadNext(out _);
        return (table, reader.GetString());
    }

    /// <summary>
    /// The keys whose leading columns are exactly <paramref name="prefix"/>: <c>[prefix, prefix ‖ FF)</c>, not every
    /// key that starts with its bytes, since the encoding of "a" is a byte prefix of the encoding of "a\0b" and the
    /// escaped zero continues with FF, above any type code (docs/format/tuple.md).
    /// </summary>
    private static KeyRange Columns(byte[] prefix)
    {
        byte[] upper = new byte[prefix.Length + 1];
        prefix.CopyTo(upper, 0);
        upper[^1] = 0xFF;
        return KeyRange.Between(prefix, upper);
    }

    private static byte[] Build(GatewayKeyspace keyspace, string first, long version)
    {
        ArrayBufferWriter<byte> buffer = Begin(keyspace, first);
        new TupleWriter(buffer).AppendInt64(version);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Build(GatewayKeyspace keyspace, string first, params ReadOnlySpan<string> rest)
    {
        ArrayBufferWriter<byte> buffer = Begin(keyspace, first);
        TupleWriter writer = new(buffer);
        foreach (string column in rest)
        {
            writer.AppendString(column);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ArrayBufferWriter<byte> Begin(GatewayKeyspace keyspace, string first)
    {
        ArrayBufferWriter<byte> buffer = new(64);
        buffer.GetSpan(1)[0] = (byte)keyspace;
        buffer.Advance(1);
        new TupleWriter(buffer).AppendString(first);
        return buffer;
    }
}
