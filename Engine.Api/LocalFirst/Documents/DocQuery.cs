using System.Collections.Generic;

namespace Engine.Api.LocalFirst.Documents;

/// <summary>A query over one collection: filter, sort, skip and limit, projection. Immutable.</summary>
/// <remarks>
/// Without a sort, results come in id order (time order for ids from <c>InsertAsync</c>). Documents that tie on the
/// sort fields come in id order too, so a query returns the same sequence whichever plan runs it.
/// </remarks>
public sealed record DocQuery
{
    /// <summary>The documents to return; null for all.</summary>
    public DocFilter? Filter { get; init; }

    /// <summary>The sort keys, most significant first; null or empty for id order.</summary>
    public IReadOnlyList<FieldOrder>? Sort { get; init; }

    /// <summary>How many matching documents to pass over before the first one returned.</summary>
    public int Skip { get; init; }

    /// <summary>The most documents to return; null for no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>The fields (dotted paths) to return; null for the whole document. The id is always returned.</summary>
    public IReadOnlyList<string>? Projection { get; init; }
}
