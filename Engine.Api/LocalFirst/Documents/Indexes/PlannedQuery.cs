namespace Engine.Api.LocalFirst.Documents.Indexes;

/// <summary>A query's plan with what running it needs: the index and the key range to read, or a collection scan.</summary>
/// <param name="Index">The index to read; null for a collection scan.</param>
/// <param name="Range">The entry keys to read from <paramref name="Index"/>.</param>
/// <param name="IsEmpty">True when the bounds exclude every entry (a lower bound above the upper one).</param>
/// <param name="ProvidesOrder">True when the entries come in the query's result order, so results stream.</param>
/// <param name="Reason">Why, for <see cref="QueryPlan.Reason"/>.</param>
internal sealed record PlannedQuery(DocumentIndex? Index, KeyRange Range, bool IsEmpty, bool ProvidesOrder, string Reason)
{
    public QueryPlan ToPlan() => new(Index?.Name, ProvidesOrder, Reason);
}
