namespace Engine.Api.LocalFirst.Documents;

/// <summary>How a query runs, as <see cref="DocumentCollection.Explain"/> reports it.</summary>
/// <param name="IndexName">The index the query reads, or null for a scan of the whole collection.</param>
/// <param name="ProvidesOrder">True when the index yields the requested sort order, so no sort step runs and results stream.</param>
/// <param name="Reason">Why this plan: which filter terms bound the index range, or why no index fits.</param>
public sealed record QueryPlan(string? IndexName, bool ProvidesOrder, string Reason)
{
    /// <summary>True when the query scans the whole collection.</summary>
    public bool IsCollectionScan => IndexName is null;

    /// <inheritdoc/>
    public override string ToString() => IsCollectionScan ? $"collection scan: {Reason}" : $"index {IndexName}: {Reason}";
}
