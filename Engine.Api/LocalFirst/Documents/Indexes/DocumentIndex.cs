using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using Engine.Api.LocalFirst.Documents.Codec;

namespace Engine.Api.LocalFirst.Documents.Indexes;

/// <summary>
/// A secondary index of one collection: its fields and their directions, and the entry keys it gives a document,
/// <c>0x21 ‖ (collection, index) ‖ field encodings ‖ (id)</c>, each field its ordered encoding
/// (<see cref="OrderedValue"/>), bit-inverted when descending. Immutable; thread-safe.
/// </summary>
/// <remarks>
/// A field holding an array or an object is indexed as one whole value, the way filters compare it; a missing field is
/// indexed under the missing marker, so every document has exactly one entry per index.
/// </remarks>
internal sealed class DocumentIndex
{
    public DocumentIndex(string collection, string name, IReadOnlyList<FieldOrder> fields, IndexKind kind, IndexState state)
    {
        Name = name;
        Fields = fields;
        Kind = kind;
        State = state;
        Paths = [.. fields.Select(f => FieldPath.Parse(f.Field, nameof(fields)))];
        Prefix = DocumentKeys.IndexPrefix(collection, name);
    }

    public string Name { get; }

    public IReadOnlyList<FieldOrder> Fields { get; }

    public FieldPath[] Paths { get; }

    public IndexKind Kind { get; }

    public IndexState State { get; }

    /// <summary>The prefix every entry of this index starts with.</summary>
    public byte[] Prefix { get; }

    /// <summary>The same index in another state.</summary>
    public DocumentIndex With(string collection, IndexState state) => new(collection, Name, Fields, Kind, state);

    /// <summary>The entry key of the document <paramref name="body"/> with id <paramref name="id"/>.</summary>
    /// <exception cref="FormatException">The document does not parse.</exception>
    public byte[] EntryKey(ReadOnlyMemory<byte> body, string id)
    {
        ArrayBufferWriter<byte> key = new(Prefix.Length + 32);
        key.Write(Prefix);
        WriteFields(body, key, Fields, Paths);
        DocumentKeys.WriteIdTuple(key, id);
        return key.WrittenSpan.ToArray();
    }

    /// <summary>Writes the ordered encodings of <paramref name="paths"/> of a document, inverted where descending.</summary>
    public static void WriteFields(ReadOnlyMemory<byte> body, ArrayBufferWriter<byte> output, IReadOnlyList<FieldOrder> fields, FieldPath[] paths)
    {
        for (int i = 0; i < paths.Length; i++)
        {
            int start = output.WrittenCount;
            paths[i].WriteOrdered(body, output);
            if (fields[i].Descending)
            {
                OrderedValue.Invert(OrderedValue.WrittenFrom(output, start));
            }
        }
    }

    /// <summary>The bytes of an entry key after its field encodings: the id tuple.</summary>
    /// <exception cref="FormatException">The key's fields do not parse.</exception>
    public ReadOnlySpan<byte> IdTupleOf(ReadOnlySpan<byte> entry)
    {
        int position = Prefix.Length;
        foreach (FieldOrder field in Fields)
        {
            position += OrderedValue.Measure(entry[position..], field.Descending);
        }

        return entry[position..];
    }

    /// <summary>The stored definition.</summary>
    public IndexDefinitionRecord ToRecord() => new()
    {
        Fields = [.. Fields.Select(f => f.Field)],
        Descending = [.. Fields.Select(f => f.Descending)],
        Kind = (int)Kind,
        State = (int)State,
    };

    /// <summary>The public description.</summary>
    public IndexInfo ToInfo() => new(Name, Fields, Kind, State == IndexState.Ready);

    /// <summary>Whether <paramref name="other"/> has the same fields, directions and kind.</summary>
    public bool SameShape(DocumentIndex other) => Kind == other.Kind && Fields.SequenceEqual(other.Fields);
}
