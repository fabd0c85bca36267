using System;
using System.Buffers;
using Engine.Api.LocalFirst.Documents.Codec;

namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>
/// A stored document as a filter sees it: its MessagePack body, read field by field into ordered encodings. One
/// document at a time (<see cref="Reset"/>), on one thread; a field's bytes are valid until the next call.
/// </summary>
internal sealed class DocumentView
{
    private readonly ArrayBufferWriter<byte> _scratch = new(64);
    private ReadOnlyMemory<byte> _body;

    /// <summary>Points the view at another document body.</summary>
    public void Reset(ReadOnlyMemory<byte> body) => _body = body;

    /// <summary>The ordered encoding of the field, or the missing marker.</summary>
    /// <exception cref="FormatException">The document does not parse on the way to the field.</exception>
    public ReadOnlySpan<byte> Field(FieldPath path)
    {
        _scratch.ResetWrittenCount();
        path.WriteOrdered(_body, _scratch);
        return _scratch.WrittenSpan;
    }
}
