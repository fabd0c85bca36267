using System.Collections.Generic;
using System.Linq;

namespace Engine.Api.Sync.Results;

/// <summary>
/// The record that a sync's ingest invariants were verified: by which generation of the checks, covering what, in which
/// mode.
/// </summary>
/// <param name="Generation">The checks' generation; not empty when verified.</param>
/// <param name="Coverage">What was covered; not empty when verified.</param>
/// <param name="Mode">One of <c>connector</c>, <c>connector_fail_fast</c>, <c>compaction_merge</c>, <c>compaction_merge_fail_fast</c>.</param>
public sealed record IngestInvariantVerification(string Generation, IReadOnlyList<string> Coverage, string Mode)
{
    /// <summary>The modes a verification may name.</summary>
    public static IReadOnlyList<string> Modes { get; } = ["connector", "connector_fail_fast", "compaction_merge", "compaction_merge_fail_fast"];

    /// <summary>True when every field is filled and the mode is one of <see cref="Modes"/>.</summary>
    public bool IsVerified => Generation.Length > 0 && Coverage.Count > 0 && Modes.Contains(Mode);
}
