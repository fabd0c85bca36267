using System.Collections.Generic;

namespace Engine.Api.LocalFirst.Admin;

/// <summary>What <see cref="LocalStore.Salvage(string, string, LocalStoreOptions?)"/> recovered and what it lost.</summary>
/// <remarks>Immutable; thread-safe.</remarks>
public sealed record LocalStoreSalvageReport
{
    /// <summary>The engine's salvage: keys recovered, and every table, block and WAL record lost with file and offset.</summary>
    public required SalvageReport Engine { get; init; }

    /// <summary>Blob files copied into the new store.</summary>
    public int BlobFilesCopied { get; init; }

    /// <summary>Blob files that could not be read, with the reason.</summary>
    public IReadOnlyList<SalvageLoss> BlobFilesLost { get; init; } = [];

    /// <summary>True when nothing was lost.</summary>
    public bool IsComplete => Engine.IsComplete && BlobFilesLost.Count == 0;
}
