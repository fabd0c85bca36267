using System;
using System.Collections.Generic;
using Engine.Api.LocalFirst.Documents.Codec;

namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>A field equal to one of several constants.</summary>
internal sealed class InFilter(FieldPath path, IReadOnlyList<byte[]> constants) : DocFilter
{
    internal override bool Matches(DocumentView document)
    {
        ReadOnlySpan<byte> field = document.Field(path);
        foreach (byte[] constant in constants)
        {
            if (field.SequenceEqual(constant))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{path} in ({constants.Count} values)";
}
