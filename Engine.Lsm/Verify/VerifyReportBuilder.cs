using System.Collections.Generic;
using Engine.Api;

namespace Engine.Lsm.Verify;

/// <summary>Collects what a store check finds while it runs; <see cref="ToReport"/> gives the immutable result.</summary>
/// <remarks>Filled by the one thread running the check; not thread-safe.</remarks>
internal sealed class VerifyReportBuilder
{
    /// <summary>Every problem found so far, in the order found.</summary>
    public List<VerifyProblem> Problems { get; } = [];

    /// <summary>Table files (names, not paths) that no version lists.</summary>
    public List<string> UnreferencedFiles { get; } = [];

    /// <summary>Tables examined so far, damaged ones included.</summary>
    public int TablesChecked { get; set; }

    /// <summary>Data blocks whose checksum was checked so far.</summary>
    public long BlocksChecked { get; set; }

    /// <summary>Point entries read so far.</summary>
    public long EntriesChecked { get; set; }

    /// <summary>WAL files read so far.</summary>
    public int WalsChecked { get; set; }

    /// <summary>WAL records read so far, their checksums and batch framing checked.</summary>
    public long WalRecordsChecked { get; set; }

    /// <summary>Records a problem.</summary>
    public void Add(VerifyProblemKind kind, string? filePath, int? level, long? offset, string message) =>
        Problems.Add(new VerifyProblem(kind, filePath, level, offset, message));

    /// <summary>An immutable copy of what was collected.</summary>
    public VerifyReport ToReport() => new()
    {
        Problems = Problems.ToArray(),
        UnreferencedFiles = UnreferencedFiles.ToArray(),
        TablesChecked = TablesChecked,
        BlocksChecked = BlocksChecked,
        EntriesChecked = EntriesChecked,
        WalsChecked = WalsChecked,
        WalRecordsChecked = WalRecordsChecked,
    };
}
