using System.Collections.Generic;

// Declared in Engine.Api although the file lives in Engine.Lsm/Verify, for the reason given in VerifyProblemKind.cs.
namespace Engine.Api;

/// <summary>What <c>Database.Verify</c> found, and how much it read.</summary>
/// <remarks>Immutable; thread-safe. The engine collects it in an internal builder, then hands out this copy.</remarks>
public sealed record VerifyReport
{
    /// <summary>Every problem found, in the order found; empty for a healthy store.</summary>
    public IReadOnlyList<VerifyProblem> Problems { get; init; } = [];

    /// <summary>
    /// Names of table files in the store directory that the current version does not list. Not problems: the output
    /// of a flush or compaction still being written, a table an open iterator still reads, or garbage left by a crash,
    /// which the next open deletes. Verify deletes nothing.
    /// </summary>
    public IReadOnlyList<string> UnreferencedFiles { get; init; } = [];

    /// <summary>Tables the current version lists that were present and examined, damaged ones included.</summary>
    public int TablesChecked { get; init; }

    /// <summary>Data blocks whose checksum was checked (each table's meta and index blocks are checked as it opens).</summary>
    public long BlocksChecked { get; init; }

    /// <summary>Point entries read, their order checked.</summary>
    public long EntriesChecked { get; init; }

    /// <summary>WAL files the store still needs that were read, record by record.</summary>
    public int WalsChecked { get; init; }

    /// <summary>WAL records whose checksums and batch framing were checked.</summary>
    public long WalRecordsChecked { get; init; }

    /// <summary>True when no problem was found.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
