using System.Collections.Generic;

namespace Engine.Api.Sync.Results;

/// <summary>What <see cref="ISyncStore.VerifyIndexes"/> found.</summary>
/// <param name="RecordsChecked">Primary records walked.</param>
/// <param name="IndexEntriesChecked">Index entries walked.</param>
/// <param name="Problems">Each missing, dangling or mismatched entry; empty when the indexes are sound.</param>
public sealed record IndexVerifyReport(long RecordsChecked, long IndexEntriesChecked, IReadOnlyList<IndexProblem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool IsClean => Problems.Count == 0;
}
