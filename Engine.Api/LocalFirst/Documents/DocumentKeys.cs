using System;
using System.Buffers;
using Engine.Core.Encoding;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// The keys of the document store (<c>docs/format/local-first.md</c>, "Documents"): a keyspace byte, then a tuple of
/// strings. Documents are <c>0x20 ‖ (collection, id)</c>, index entries start with <c>0x21 ‖ (collection, index)</c>,
/// definitions are <c>0x22 ‖ (collection, index)</c>.
/// </summary>
/// <remarks>Stateless; thread-safe. Each call returns a new array.</remarks>
internal static class DocumentKeys
{
    /// <summary><c>0x20 ‖ (collection, id)</c>.</summary>
    public static byte[] Document(string collection, string id) => Build(Keyspaces.Document, collection, id);

    /// <summary>Every document key of <paramref name="collection"/>.</summary>
    public static KeyRange Documents(string collection) => KeyRange.Prefix(DocumentPrefix(collection));

    /// <summary>
    /// <c>0x20 ‖ (collection)</c>: the prefix of every document key of <paramref name="collection"/>; what follows it in a
    /// document key is the id tuple (<see cref="WriteIdTuple"/>).
    /// </summary>
    public static byte[] DocumentPrefix(string collection) => Build(Keyspaces.Document, collection, null);

    /// <summary><c>0x21 ‖ (collection, index)</c>: the prefix of every entry of one index.</summary>
    public static byte[] IndexPrefix(string collection, string index) => Build(Keyspaces.DocumentIndex, collection, index);

    /// <summary><c>0x22 ‖ (collection, index)</c>.</summary>
    public static byte[] Definition(string collection, string index) => Build(Keyspaces.IndexDefinition, collection, index);

    /// <summary>Every definition key of <paramref name="collection"/>.</summary>
    public static KeyRange Definitions(string collection) => KeyRange.Prefix(Build(Keyspaces.IndexDefinition, collection, null));

    /// <summary>The tuple <c>(id)</c>: the tail of an index entry and the tie-breaker of a sort key.</summary>
    public static void WriteIdTuple(IBufferWriter<byte> output, string id)
    {
        TupleWriter writer = new(output);
        writer.AppendString(id);
    }

    /// <summary>The id of a document key.</summary>
    /// <exception cref="CorruptionException">The key is not a document key (reported with <paramref name="storePath"/>).</exception>
    public static string IdOfDocument(ReadOnlySpan<byte> key, string storePath) => LastString(key[1..], 2, key, storePath);

    /// <summary>The collection and the index name of a definition key <c>0x22 ‖ (collection, index)</c>.</summary>
    /// <exception cref="CorruptionException">The key is not a definition key (reported with <paramref name="storePath"/>).</exception>
    public static (string Collection, string Index) OfDefinition(ReadOnlySpan<byte> key, string storePath)
    {
        TupleReader reader = new(key[1..]);
        if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
        {
            throw new CorruptionException(storePath, key, "an index definition key does not start with its collection");
        }

        return (reader.GetString(), LastString(key[1..], 2, key, storePath));
    }

    /// <summary>Every index definition key of every collection.</summary>
    public static KeyRange AllDefinitions => KeyRange.Prefix([Keyspaces.IndexDefinition]);

    /// <summary>The id of an index entry, whose bytes after the fields are <paramref name="idTuple"/>.</summary>
    public static string IdOfEntry(ReadOnlySpan<byte> idTuple, ReadOnlySpan<byte> key, string storePath) => LastString(idTuple, 1, key, storePath);

    /// <summary>The string after <c>count - 1</c> elements of a tuple that holds exactly <paramref name="count"/>.</summary>
    private static string LastString(ReadOnlySpan<byte> tuple, int count, ReadOnlySpan<byte> key, string storePath)
    {
        TupleReader reader = new(tuple);
        for (int i = 0; i < count; i++)
        {
            if (!reader.TryReadNext(out TupleElementKind kind) || kind != TupleElementKind.String)
            {
                throw new CorruptionException(storePath, key, "a document store key does not end in its id");
            }
        }

        string id = reader.GetString();
        if (reader.TryReadNext(out _))
        {
            throw new CorruptionException(storePath, key, "a document store key has bytes after its id");
        }

        return id;
    }

    private static byte[] Build(byte keyspace, string first, string? second)
    {
        ArrayBufferWriter<byte> buffer = new(64);
        buffer.GetSpan(1)[0] = keyspace;
        buffer.Advance(1);
        TupleWriter writer = new(buffer);
        writer.AppendString(first);
        if (second is not null)
        {
            writer.AppendString(second);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
