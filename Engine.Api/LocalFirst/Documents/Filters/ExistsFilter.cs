using Engine.Api.LocalFirst.Documents.Codec;

namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>A field present (or missing).</summary>
internal sealed class ExistsFilter(FieldPath path, bool exists) : DocFilter
{
    internal override bool Matches(DocumentView document) => (document.Field(path)[0] != OrderedValue.Missing) == exists;

    public override string ToString() => exists ? $"exists({path})" : $"missing({path})";
}
