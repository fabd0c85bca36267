using System.Collections.Generic;

namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>At least one child matches.</summary>
internal sealed class OrFilter(DocFilter[] children) : DocFilter
{
    internal override bool Matches(DocumentView document)
    {
        foreach (DocFilter child in children)
        {
            if (child.Matches(document))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"({string.Join(" or ", (IEnumerable<DocFilter>)children)})";
}
