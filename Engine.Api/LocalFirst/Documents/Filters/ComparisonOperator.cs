namespace Engine.Api.LocalFirst.Documents.Filters;

/// <summary>The comparison of a <see cref="ComparisonFilter"/>.</summary>
internal enum ComparisonOperator
{
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
}
