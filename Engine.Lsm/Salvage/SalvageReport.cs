using System.Collections.Generic;

// Declared in Engine.Api although the file lives in Engine.Lsm/Salvage, for the reason given in VerifyProblemKind.cs.
namespace Engine.Api;

/// <summary>What a salvage copied into the new store and what it had to leave behind.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record SalvageReport
{
    /// <summary>Keys written into the new store: the newest intact version of every key that was not deleted.</summary>
    public long KeysRecovered { get; init; }

    /// <summary>Tables read, damaged ones included.</summary>
    public int TablesRead { get; init; }

    /// <summary>Data blocks whose checksum held and whose entries were taken.</summary>
    public long BlocksRead { get; init; }

    /// <summary>Data blocks skipped because their checksum or structure failed.</summary>
    public long BlocksLost { get; init; }

    /// <summary>WAL records read intact.</summary>
    public long WalRecordsRead { get; init; }

    /// <summary>WAL records skipped as damaged (a torn tail of the newest WAL is not counted: it was never acknowledged).</summary>
    public long WalRecordsLost { get; init; }

    /// <summary>
    /// True when the manifest could not be read and every table file in the directory was read instead; such a salvage
    /// may bring back values that a compaction had already replaced or deleted.
    /// </summary>
    public bool ManifestLost { get; init; }

    /// <summary>Every table, block or record that could not be read, with its file and offset, in the order found.</summary>
    public IReadOnlyList<SalvageLoss> Losses { get; init; } = [];

    /// <summary>True when nothing was lost.</summary>
    public bool IsComplete => Losses.Count == 0;
}
