namespace Engine.Api.Sync.Requests;

/// <summary>A read request that returns one page of a listing.</summary>
public abstract record PagedRequest : SyncReadRequest
{
    /// <summary>Rows per page: 0 or more than <see cref="Paging.MaxPageSize"/> means <see cref="Paging.MaxPageSize"/>.</summary>
    public int PageSize { get; init; }

    /// <summary>
    /// Where to resume: the <see cref="Results.Page{T}.NextPageToken"/> of the previous page of the same listing, or
    /// null or empty for the first page. A token from another listing or sync, or a malformed one, is InvalidArgument.
    /// </summary>
    public string? PageToken { get; init; }
}
