using System.Collections.Generic;

namespace Engine.Lsm.Verify;

/// <summary>What a store check found, and how much it read.</summary>
/// <remarks>Filled in by one thread while the check runs, then read-only; not thread-safe while it is being filled.</remarks>
internal sealed class VerifyReport
{
    /// <summary>Every problem found, in the order found. Empty for a healthy store.</summary>
    public List<VerifyProblem> Problems { get; } = [];

    /// <summary>Table files (names, not paths) that the current version does not list; garbage or work in progress, not errors.</summary>
    public List<string> UnreferencedFiles { get; } = [];

    /// <summary>Tables the current version lists that were present and examined, damaged ones included.</summary>
    public int TablesChecked { get; set; }

    /// <summary>Data blocks whose checksum was checked; meta and index blocks are checked as each table opens.</summary>
    public long BlocksChecked { get; set; }

    /// <summary>Point entries read, their order checked.</summary>
    public long EntriesChecked { get; set; }

    /// <summary>True when no problem was found.</summary>
    public bool IsHealthy => Problems.Count == 0;

    /// <summary>Records a problem.</summary>
    public void Add(VerifyProblemKind kind, string? filePath, int? level, long? offset, string message) =>
        Problems.Add(new VerifyProblem(kind, filePath, level, offset, message));
}
