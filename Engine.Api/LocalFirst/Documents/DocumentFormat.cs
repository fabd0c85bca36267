using System;
using Engine.Api.LocalFirst.Documents.Codec;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>
/// The stored form of a document: a format-version byte, then the document as one MessagePack map. Drawn in
/// <c>docs/format/local-first.md</c> ("Documents"); <see cref="DocumentEncoder"/> writes it, <see cref="DocumentDecoder"/>
/// reads it.
/// </summary>
internal static class DocumentFormat
{
    /// <summary>The version byte this code writes and the only one it reads.</summary>
    public const byte Version = 1;

    /// <summary>
    /// The deepest nesting of arrays and objects a document may have, the default of <c>System.Text.Json</c>, so every
    /// stored document can be parsed back by it and no reader recurses without bound.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>The MessagePack body of a stored value, after checking its version byte.</summary>
    /// <exception cref="FormatException">The value is empty or has another version.</exception>
    public static ReadOnlyMemory<byte> Body(ReadOnlyMemory<byte> stored)
    {
        if (stored.IsEmpty)
        {
            throw new FormatException("the stored document is empty");
        }

        byte version = stored.Span[0];
        if (version != Version)
        {
            throw new FormatException($"the stored document has format version {version}; this code reads {Version}");
        }

        return stored[1..];
    }
}
