using System.Collections.Generic;
using System.Linq;

namespace Engine.Api.LocalFirst.Admin;

/// <summary>What <see cref="LocalStore.VerifyAsync"/> found: the engine's check and the typed stores' checks.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record LocalStoreVerifyReport
{
    /// <summary>The engine's check: every table block, every live WAL record, the manifest against the files.</summary>
    public required VerifyReport Engine { get; init; }

    /// <summary>What the typed stores' checks found, in the order found.</summary>
    public IReadOnlyList<LocalStoreProblem> StoreProblems { get; init; } = [];

    /// <summary>True when neither the engine nor a typed store found a problem.</summary>
    public bool IsHealthy => Engine.IsHealthy && StoreProblems.Count == 0;

    /// <summary>Every problem as one line of text, the engine's first: for logs and operators.</summary>
    public IReadOnlyList<string> Problems =>
    [
        .. Engine.Problems.Select(p => p.Offset is long offset
            ? $"{p.Kind}: {p.Message} (file '{p.FilePath}', offset {offset})"
            : $"{p.Kind}: {p.Message}" + (p.FilePath is null ? string.Empty : $" (file '{p.FilePath}')")),
        .. StoreProblems.Select(p => $"{p.Check}: {p.Message} ({p.Subject})"),
    ];
}
