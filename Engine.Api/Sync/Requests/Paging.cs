namespace Engine.Api.Sync.Requests;

/// <summary>The page-size rules every listing shares (shared/spec/baton-storage.md, section 1.2).</summary>
/// <remarks>Stateless; thread-safe.</remarks>
public static class Paging
{
    /// <summary>The largest page, and the size of a page asked for with 0.</summary>
    public const int MaxPageSize = 10_000;

    /// <summary>The page size a request gets: 0, a negative size or one above the maximum becomes the maximum.</summary>
    public static int Clamp(int pageSize) => pageSize <= 0 || pageSize > MaxPageSize ? MaxPageSize : pageSize;
}
