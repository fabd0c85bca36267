using System.Collections.Generic;

namespace Engine.Api.Sync.Results;

/// <summary>One page of a listing.</summary>
/// <typeparam name="T">The rows' type.</typeparam>
/// <param name="Items">The page's rows.</param>
/// <param name="NextPageToken">
/// The token that resumes the listing after the last row, or empty when no row follows. Loop until the token is empty,
/// not until a page is empty.
/// </param>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);
