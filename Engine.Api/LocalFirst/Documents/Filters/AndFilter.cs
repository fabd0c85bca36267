using System.Collections.Generic;

namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>Every child matches.</summary>
internal sealed class AndFilter(DocFilter[] children) : DocFilter
{
    public IReadOnlyList<DocFilter> Children => children;

    internal override bool Matches(DocumentView document)
    {
        foreach (DocFilter child in children)
        {
            if (!child.Matches(document))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => $"({string.Join(" and ", (IEnumerable<DocFilter>)children)})";
}
