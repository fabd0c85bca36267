using System;
using System.Buffers;
using MessagePack;

namespace Engine.Api.LocalFirst.Documents.Codec;

/// <summary>
/// A dotted field path (<c>address.city</c>) compiled to its UTF-8 segments, and the lookup of the value it names in a
/// stored document without decoding the rest: each map is walked key by key and the values of other keys are skipped.
/// </summary>
/// <remarks>
/// A path names object properties only: a segment that meets an array, a scalar or no such key makes the field
/// missing. A property whose name contains a dot cannot be named. Immutable; thread-safe.
/// </remarks>
internal sealed class FieldPath
{
    private readonly byte[][] _segments;

    private FieldPath(string path, byte[][] segments)
    {
        Path = path;
        _segments = segments;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>Compiles <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty or has an empty segment.</exception>
    public static FieldPath Parse(string path, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        string[] parts = path.Split('.');
        byte[][] segments = new byte[parts.Length][];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                throw new ArgumentException($"The field path '{path}' has an empty segment.", paramName);
            }

            segments[i] = System.Text.Encoding.UTF8.GetBytes(parts[i]);
        }

        return new FieldPath(path, segments);
    }

    /// <summary>
    /// Writes the ordered encoding (<see cref="OrderedValue"/>) of this field of the document <paramref name="body"/>
    /// (a MessagePack map), or the missing marker.
    /// </summary>
    /// <exception cref="FormatException">The document does not parse on the way to the field.</exception>
    public void WriteOrdered(ReadOnlyMemory<byte> body, IBufferWriter<byte> output)
    {
        MessagePackReader reader = new(body);
        if (TrySeek(ref reader))
        {
            OrderedValue.Write(ref reader, output);
        }
        else
        {
            OrderedValue.WriteMissing(output);
        }
    }

    /// <summary>Moves <paramref name="reader"/> (at a document's map) to this field's value.</summary>
    /// <returns>False when the field is missing.</returns>
    public bool TrySeek(ref MessagePackReader reader)
    {
        foreach (byte[] segment in _segments)
        {
            if (reader.End || reader.NextMessagePackType != MessagePackType.Map)
            {
                return false;
            }

            int count = reader.ReadMapHeader();
            bool found = false;
            for (int i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType != MessagePackType.String)
                {
                    throw new FormatException($"a map key is {reader.NextMessagePackType}, not a string");
                }

                if (DocumentDecoder.ReadUtf8(ref reader).SequenceEqual(segment))
                {
                    found = true;
                    break;
                }

                reader.Skip();
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
