namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>The child does not match.</summary>
internal sealed class NotFilter(DocFilter child) : DocFilter
{
    internal override bool Matches(DocumentView document) => !child.Matches(document);

    public override string ToString() => $"not {child}";
}
